// Splits an answer into plain text and citation markers so the view can render
// each `[n]` as a chip. The server writes markers as `[1][2]`; while an LLM
// answer streams, raw model forms (`[1,2]`, `［3］`, `[1、2]`) can appear before
// the server normalises them in answer:done, so those are read too.

export type AnswerSegment = { kind: "text"; text: string } | { kind: "citation"; n: number };

const DIGITS = "[0-9０-９]+";
const SEPARATOR = "[,，、\\s]*";
/** One bracket group holding one or more numbers: `[1]`, `[1,2]`, `［3］`. */
const GROUP = new RegExp(`[\\[［]\\s*(${DIGITS}(?:${SEPARATOR}${DIGITS})*)\\s*[\\]］]`, "g");

function toNumbers(list: string): number[] {
  return (list.match(new RegExp(DIGITS, "g")) ?? [])
    .map((digits) => Number(digits.normalize("NFKC")))
    .filter((n) => n > 0);
}

/**
 * Text and citation segments in reading order. Adjacent text is merged, and a
 * marker never produces an empty text segment; `[0]` and bracketed words are text.
 */
export function parseAnswerSegments(answer: string): AnswerSegment[] {
  const segments: AnswerSegment[] = [];
  const pushText = (text: string) => {
    if (text === "") return;
    const last = segments[segments.length - 1];
    if (last?.kind === "text") last.text += text;
    else segments.push({ kind: "text", text });
  };
  let cursor = 0;
  for (const match of answer.matchAll(GROUP)) {
    const numbers = toNumbers(match[1] ?? "");
    if (numbers.length === 0) continue;
    pushText(answer.slice(cursor, match.index));
    for (const n of numbers) segments.push({ kind: "citation", n });
    cursor = match.index + match[0].length;
  }
  pushText(answer.slice(cursor));
  return segments;
}

/** The answer with its markers taken out, e.g. for a screen-reader summary or a title. */
export function stripCitationMarkers(answer: string): string {
  return parseAnswerSegments(answer)
    .map((segment) => (segment.kind === "text" ? segment.text : ""))
    .join("");
}

/** Text, or a run of adjacent chips kept on one line with the character before and the punctuation after. */
export type AnswerPiece =
  { kind: "text"; text: string } | { kind: "citations"; before: string; numbers: number[]; after: string };

/** Punctuation that must not start a line in Chinese typesetting (避头点). */
const CLOSING_PUNCTUATION = /^[。，、；：？！…」』”’）》〉】〕,.;:?!)\]]+/u;

/**
 * Groups segments for display so a chip never starts a line alone or pushes a
 * 。 to the next line: each run of chips takes the last character before it and
 * the closing punctuation after it, to be rendered unbreakable.
 */
export function layoutSegments(segments: AnswerSegment[]): AnswerPiece[] {
  const pieces: AnswerPiece[] = [];
  /** Text the previous run took from the start of the current text segment. */
  let consumed = 0;
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === "text") {
      const text = segment.text.slice(consumed);
      consumed = 0;
      if (text !== "") pieces.push({ kind: "text", text });
      continue;
    }
    // A run of chips is laid out once, from its first chip.
    if (segments[index - 1]?.kind === "citation") continue;
    const numbers = citationRun(segments, index);

    let before = "";
    const previous = pieces[pieces.length - 1];
    if (previous?.kind === "text") {
      const chars = [...previous.text];
      const last = chars.pop();
      if (last !== undefined && !/\s/u.test(last)) {
        before = last;
        previous.text = chars.join("");
        if (previous.text === "") pieces.pop();
      }
    }
    const next = segments[index + numbers.length];
    const after = next?.kind === "text" ? (CLOSING_PUNCTUATION.exec(next.text)?.[0] ?? "") : "";
    consumed = after.length;
    pieces.push({ kind: "citations", before, numbers, after });
  }
  return pieces;
}

/** The numbers of the chips that follow one another from `start`. */
function citationRun(segments: AnswerSegment[], start: number): number[] {
  const numbers: number[] = [];
  for (const segment of segments.slice(start)) {
    if (segment.kind !== "citation") break;
    numbers.push(segment.n);
  }
  return numbers;
}
