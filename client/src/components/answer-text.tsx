// The answer as text nodes and citation chips. Nothing from the model is ever
// parsed as HTML: each text segment is a React string child. Lines that start
// with "- " are the points of a list or an explanation and render as a list,
// each with its own chips.
import type { Citation } from "../../../server/protocol.js";
import { layoutSegments, parseAnswerSegments } from "../lib/citation-segments.js";

interface AnswerTextProps {
  answer: string;
  citations: Citation[];
  streaming: boolean;
  onOpenCitation: (citation: Citation) => void;
}

interface Block {
  kind: "text" | "points";
  lines: string[];
}

const POINT = /^\s*[-•]\s+/;

/** Consecutive "- " lines form one list; everything else stays text, line breaks kept. */
export function answerBlocks(answer: string): Block[] {
  const blocks: Block[] = [];
  for (const line of answer.split("\n")) {
    const kind = POINT.test(line) ? "points" : "text";
    const last = blocks.at(-1);
    const content = kind === "points" ? line.replace(POINT, "") : line;
    if (last && last.kind === kind) last.lines.push(content);
    else blocks.push({ kind, lines: [content] });
  }
  return blocks;
}

export function AnswerText({ answer, citations, streaming, onOpenCitation }: AnswerTextProps) {
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  const blocks = answerBlocks(answer);
  return (
    <div className="answer-text" data-testid="answer-text">
      {blocks.map((block, index) =>
        block.kind === "points" ? (
          <ul key={index} className="answer-points">
            {block.lines.map((line, lineIndex) => (
              <li key={lineIndex} data-testid="answer-point">
                <Segments text={line} byNumber={byNumber} onOpenCitation={onOpenCitation} />
              </li>
            ))}
          </ul>
        ) : (
          <Segments
            key={index}
            text={`${block.lines.join("\n")}${index < blocks.length - 1 ? "\n" : ""}`}
            byNumber={byNumber}
            onOpenCitation={onOpenCitation}
          />
        ),
      )}
      {streaming && <span className="caret" aria-hidden="true" />}
    </div>
  );
}

function Segments({
  text,
  byNumber,
  onOpenCitation,
}: {
  text: string;
  byNumber: Map<number, Citation>;
  onOpenCitation: (citation: Citation) => void;
}) {
  const pieces = layoutSegments(parseAnswerSegments(text));
  return (
    <>
      {pieces.map((piece, index) =>
        piece.kind === "text" ? (
          <span key={index}>{piece.text}</span>
        ) : (
          // Unbreakable, so a chip is never alone at a line start and 。 never leads a line.
          <span key={index} className="cite-run">
            {piece.before}
            {piece.numbers.map((n, chipIndex) => (
              <CitationChip key={chipIndex} n={n} citation={byNumber.get(n)} onOpen={onOpenCitation} />
            ))}
            {piece.after}
          </span>
        ),
      )}
    </>
  );
}

export function CitationChip({
  n,
  citation,
  onOpen,
}: {
  n: number;
  citation: Citation | undefined;
  onOpen: (citation: Citation) => void;
}) {
  // While streaming, citations arrive after the text: show the number, clickable once known.
  if (!citation) {
    return (
      <span className="chip chip-pending" aria-label={`引用 ${n}`}>
        {n}
      </span>
    );
  }
  return (
    <button
      type="button"
      className="chip"
      data-testid="citation-chip"
      data-n={n}
      aria-label={`查看来源 ${n}：${citation.title}`}
      title={citation.title}
      onClick={() => onOpen(citation)}
    >
      {n}
    </button>
  );
}
