// The citation format, defined once. An answer cites passage n with a marker
// `[n]`. Models also write `［n］` (full width), `[1,2]`, `[1、2]`, `[1-3]` and
// `[1] [2]`; all of those are read here and written back as `[1][2]`, so the
// client needs to understand one form only. Bracketed text without digits
// (`[注]`) and digits outside brackets (`901个`) are never markers.

const DIGIT = "[0-9０-９]";
// Patterns are written so no two quantifiers can trade the same characters: a
// reply with `[1` and 100 KB of spaces is rejected in linear time (issue 14).
/** Separators between the numbers of one group, spaces included: one run, never `\s*` next to it. */
const SEPARATORS = "[,，、;；\\s]+";
const RANGE_SEPARATOR = "[-–—~～－]";
const ITEM = `${DIGIT}+(?:\\s*${RANGE_SEPARATOR}\\s*${DIGIT}+)?`;
/** One bracket group: `[1]`, `[1,2]`, `［3］`, or an empty `[]` (a stray the model left). */
const GROUP = `[\\[［]\\s*(?:${ITEM}(?:${SEPARATORS}${ITEM})*\\s*)?[\\]］]`;
/** A run of groups written next to each other (`[1][2]`, `[1] [2]`) is one citation point. */
const RUN_PATTERN = new RegExp(`${GROUP}(?:[ \\t]*${GROUP})*`, "g");
const GROUP_PATTERN = new RegExp(GROUP, "g");
const ITEM_PATTERN = new RegExp(ITEM, "g");
const DIGIT_RUN = new RegExp(`${DIGIT}+`, "g");
const LEADING_RUN = new RegExp(`^(?:\\s*${GROUP})+`);

/** Ranges longer than this are more likely a year span than a citation of many passages. */
const MAX_RANGE = 20;

function toNumber(digits: string): number {
  return Number(digits.normalize("NFKC"));
}

/** The passage numbers one run names, in writing order, without repeats or zero. */
function runNumbers(run: string): number[] {
  const numbers = new Set<number>();
  const add = (n: number) => n > 0 && numbers.add(n);
  for (const group of run.match(GROUP_PATTERN) ?? []) {
    for (const item of group.match(ITEM_PATTERN) ?? []) {
      const [from, to] = (item.match(DIGIT_RUN) ?? []).map(toNumber);
      if (from === undefined) continue;
      if (to === undefined || to < from || to - from > MAX_RANGE) {
        add(from);
        if (to !== undefined) add(to);
      } else {
        for (let n = from; n <= to; n++) add(n);
      }
    }
  }
  return [...numbers];
}

/** The canonical form of a citation point: `[1][2]`. */
export function formatCitationMarkers(numbers: number[]): string {
  return numbers.map((n) => `[${n}]`).join("");
}

const isHorizontalSpace = (char: string | undefined) => char === " " || char === "\t";

/**
 * Rewrite every marker run with `rewrite` (numbers in, numbers out; an empty
 * result removes the run). Removing a run also removes the spaces before it,
 * keeping one space if it sat between two words. The spaces are found by
 * looking back from the run, not by the pattern: a pattern that starts with
 * `[ \t]*` would rescan a long run of spaces from each of its positions.
 */
function rewriteRuns(text: string, rewrite: (numbers: number[]) => number[]): string {
  let out = "";
  let copied = 0;
  for (const match of text.matchAll(RUN_PATTERN)) {
    const runEnd = match.index + match[0].length;
    let spaceStart = match.index;
    while (spaceStart > copied && isHorizontalSpace(text[spaceStart - 1])) spaceStart--;
    out += text.slice(copied, spaceStart);
    copied = runEnd;
    const kept = rewrite(runNumbers(match[0]));
    if (kept.length > 0) {
      out += text.slice(spaceStart, match.index) + formatCitationMarkers(kept);
      continue;
    }
    const before = text[spaceStart - 1];
    const after = text[runEnd];
    const betweenWords =
      spaceStart < match.index &&
      before !== undefined &&
      after !== undefined &&
      /\S/.test(before) &&
      /[\p{L}\p{N}]/u.test(after);
    if (betweenWords) out += " ";
  }
  return out + text.slice(copied);
}

/** The distinct passage numbers cited in `text`, in order of first appearance. */
export function parseCitationMarkers(text: string): number[] {
  const cited = new Set<number>();
  for (const match of text.matchAll(RUN_PATTERN)) for (const n of runNumbers(match[0])) cited.add(n);
  return [...cited];
}

/** The markers (and whitespace) `text` starts with, e.g. `[1][2]` in `[1][2]接下来……`; "" if none. */
export function leadingCitationMarkers(text: string): string {
  return LEADING_RUN.exec(text)?.[0] ?? "";
}

/** `text` without any citation markers (for checks that look at the words only). */
export function stripCitationMarkers(text: string): string {
  return rewriteRuns(text, () => []);
}

/**
 * Remove markers that point at no passage (and empty brackets), and write the
 * rest as `[1][2]`. `removed` lists the invalid numbers, each once.
 */
export function cleanCitationMarkers(text: string, validNumbers: Set<number>): { text: string; removed: number[] } {
  const removed = new Set<number>();
  const cleaned = rewriteRuns(text, (numbers) => {
    for (const n of numbers) if (!validNumbers.has(n)) removed.add(n);
    return numbers.filter((n) => validNumbers.has(n));
  });
  return { text: cleaned, removed: [...removed] };
}

/**
 * Renumber markers so that `order[i]` becomes `i + 1` (pass the cited numbers
 * in order of first use). Markers for numbers not in `order` are dropped, since
 * the passage they named is not returned.
 */
export function renumberCitations(text: string, order: number[]): string {
  const renumbered = new Map(order.map((n, i) => [n, i + 1]));
  return rewriteRuns(text, (numbers) => {
    const mapped = new Set<number>();
    for (const n of numbers) {
      const next = renumbered.get(n);
      if (next !== undefined) mapped.add(next);
    }
    return [...mapped];
  });
}

/**
 * Rewrite marker numbers through `map` (old → new), e.g. when a passage list is
 * merged into another one; numbers `map` does not know are dropped.
 */
export function remapCitationMarkers(text: string, map: ReadonlyMap<number, number>): string {
  return rewriteRuns(text, (numbers) => [...new Set(numbers.flatMap((n) => (map.has(n) ? [map.get(n) ?? n] : [])))]);
}
