import { itemAt } from "./indexed.js";
// Character-level helpers shared by cleaning, chunking and answering.
// The corpus mixes full-width (，（）：) and half-width (,():) punctuation, so
// everything that *matches* text goes through normalizeForMatch, while
// everything that is *quoted* keeps the original characters.

/** Closing quotes and brackets that may follow a sentence-final mark: `……。”` */
const CLOSERS = "”’」』）)》】\"'";
const SENTENCE_FINAL = "。！？；!?;…";

const TERMINATED = new RegExp(`[${SENTENCE_FINAL}：:][${escapeClass(CLOSERS)}]*$`);
const SENTENCE_BOUNDARY = new RegExp(`[${SENTENCE_FINAL}]+[${escapeClass(CLOSERS)}]*`, "g");

function escapeClass(chars: string): string {
  return chars.replace(/[\]\\^-]/g, "\\$&");
}

/** True when a paragraph ends like a finished sentence (or a colon that introduces the next one). */
export function isTerminated(paragraph: string): boolean {
  return TERMINATED.test(paragraph.trimEnd());
}

/** Unicode-compatibility folding for matching only: full-width → half-width, case folded. */
export function normalizeForMatch(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ");
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Sentence spans of `text` (offsets into it). A sentence ends at 。！？；!?;…
 * plus any closing quotes, or at a line break. Leading whitespace is skipped
 * so every span starts on a visible character.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let lineStart = 0;
  for (const line of text.split("\n")) {
    let cursor = 0;
    SENTENCE_BOUNDARY.lastIndex = 0;
    for (let match = SENTENCE_BOUNDARY.exec(line); match; match = SENTENCE_BOUNDARY.exec(line)) {
      const end = match.index + match[0].length;
      pushTrimmed(spans, text, lineStart + cursor, lineStart + end);
      cursor = end;
    }
    pushTrimmed(spans, text, lineStart + cursor, lineStart + line.length);
    lineStart += line.length + 1;
  }
  return spans;
}

function pushTrimmed(spans: Span[], text: string, start: number, end: number): void {
  while (start < end && /\s/.test(itemAt(text, start))) start++;
  while (end > start && /\s/.test(itemAt(text, end - 1))) end--;
  if (end > start) spans.push({ start, end });
}

/** Number of CJK ideographs plus Latin words: a length that means the same for both scripts. */
export function visibleLength(text: string): number {
  return text.replace(/\s+/g, "").length;
}
