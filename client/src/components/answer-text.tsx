// The answer as text nodes and citation chips. Nothing from the model is ever
// parsed as HTML: each text segment is a React string child.
import type { Citation } from "../../../server/protocol.js";
import { layoutSegments, parseAnswerSegments } from "../lib/citation-segments.js";

interface AnswerTextProps {
  answer: string;
  citations: Citation[];
  streaming: boolean;
  onOpenCitation: (citation: Citation) => void;
}

export function AnswerText({ answer, citations, streaming, onOpenCitation }: AnswerTextProps) {
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  const pieces = layoutSegments(parseAnswerSegments(answer));
  return (
    <div className="answer-text" data-testid="answer-text">
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
      {streaming && <span className="caret" aria-hidden="true" />}
    </div>
  );
}

function CitationChip({ n, citation, onOpen }: { n: number; citation: Citation | undefined; onOpen: (citation: Citation) => void }) {
  // While streaming, citations arrive after the text: show the number, clickable once known.
  if (!citation) {
    return (
      <span className="chip chip-pending" aria-label={`引用 ${n}`}>
        {n}
      </span>
    );
  }
  return (
    <button type="button" className="chip" data-testid="citation-chip" data-n={n} aria-label={`查看来源 ${n}：${citation.title}`} title={citation.title} onClick={() => onOpen(citation)}>
      {n}
    </button>
  );
}
