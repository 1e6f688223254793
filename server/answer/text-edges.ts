// Linear-time helpers for the edges of a text. A pattern like /[。！？]+$/ fails after a run
// and is retried from each position of it (issue 14's super-linear move), so these scan instead.

/** `text` without the characters of `chars` at its end. */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

/** `text` without the characters of `chars` at its start. */
export function trimStartOf(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && chars.includes(text.charAt(start))) start++;
  return text.slice(start);
}

/** The text before the first of `phrases` (not at the very start), or undefined when none occurs. */
export function beforeFirst(text: string, phrases: string[]): string | undefined {
  const at = Math.min(...phrases.map((phrase) => text.indexOf(phrase)).filter((index) => index > 0));
  return Number.isFinite(at) ? text.slice(0, at) : undefined;
}

/** Sentence-final and clause punctuation, for trimming. */
export const STOPS = "。！？!?；;";
export const CLAUSE_MARKS = "，,；;：:。！？!?";
