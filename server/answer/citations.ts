// The citation format, defined once. An answer cites passage n with a marker
// `[n]`. Models also write `［n］` (full width), `[1,2]`, `[1、2]`, `[1-3]` and
// `[1] [2]`; all of those are read here and written back as `[1][2]`, so the
// client needs to understand one form only. Bracketed text without digits
// (`[注]`) and digits outside brackets (`901个`) are never markers.

const DIGIT = "[0-9０-９]";
const LIST_SEPARATOR = "[,，、;；\\s]";
const RANGE_SEPARATOR = "[-–—~～－]";
const ITEM = `${DIGIT}+(?:\\s*${RANGE_SEPARATOR}\\s*${DIGIT}+)?`;
/** One bracket group: `[1]`, `[1,2]`, `［3］`, or an empty `[]` (a stray the model left). */
const GROUP = `[\\[［]\\s*(?:${ITEM}(?:\\s*${LIST_SEPARATOR}+\\s*${ITEM})*)?\\s*[\\]］]`;
/** A run of groups written next to each other (`[1][2]`, `[1] [2]`) is one citation point. */
const RUN = `${GROUP}(?:[ \\t]*${GROUP})*`;
/** Horizontal whitespace before a run, so removing a marker does not leave a gap before punctuation. */
const RUN_WITH_SPACE = new RegExp(`([ \\t]*)(${RUN})`, "g");
const GROUP_PATTERN = new RegExp(GROUP, "g");
const LEADING_RUN = new RegExp(`^(?:\\s*${RUN})+`);

/** Ranges longer than this are more likely a year span than a citation of many passages. */
const MAX_RANGE = 20;

function toNumber(digits: string): number {
  return Number(digits.normalize("NFKC"));
}

/** The passage numbers one run names, in writing order, without repeats or zero. */
function runNumbers(run: string): number[] {
  const numbers: number[] = [];
  const add = (n: number) => {
    if (n > 0 && !numbers.includes(n)) numbers.push(n);
  };
  for (const group of run.match(GROUP_PATTERN) ?? []) {
    for (const item of group.match(new RegExp(ITEM, "g")) ?? []) {
      const [from, to] = item.split(new RegExp(`\\s*${RANGE_SEPARATOR}\\s*`)).map(toNumber);
      if (to === undefined || to < from! || to - from! > MAX_RANGE) {
        add(from!);
        if (to !== undefined) add(to);
      } else {
        for (let n = from!; n <= to; n++) add(n);
      }
    }
  }
  return numbers;
}

/** The canonical form of a citation point: `[1][2]`. */
export function formatCitationMarkers(numbers: number[]): string {
  return numbers.map((n) => `[${n}]`).join("");
}

/**
 * Rewrite every marker run with `rewrite` (numbers in, numbers out; an empty
 * result removes the run). Removing a run also removes the spaces before it,
 * keeping one space if it sat between two words.
 */
function rewriteRuns(text: string, rewrite: (numbers: number[]) => number[]): string {
  return text.replace(RUN_WITH_SPACE, (_match, space: string, run: string, offset: number, whole: string) => {
    const kept = rewrite(runNumbers(run));
    if (kept.length > 0) return space + formatCitationMarkers(kept);
    const before = whole[offset - 1];
    const after = whole[offset + _match.length];
    const betweenWords = space !== "" && before !== undefined && after !== undefined && /\S/.test(before) && /[\p{L}\p{N}]/u.test(after);
    return betweenWords ? " " : "";
  });
}

/** The distinct passage numbers cited in `text`, in order of first appearance. */
export function parseCitationMarkers(text: string): number[] {
  const cited: number[] = [];
  for (const match of text.matchAll(RUN_WITH_SPACE)) {
    for (const n of runNumbers(match[2]!)) if (!cited.includes(n)) cited.push(n);
  }
  return cited;
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
  const removed: number[] = [];
  const cleaned = rewriteRuns(text, (numbers) => {
    for (const n of numbers) if (!validNumbers.has(n) && !removed.includes(n)) removed.push(n);
    return numbers.filter((n) => validNumbers.has(n));
  });
  return { text: cleaned, removed };
}

/**
 * Renumber markers so that `order[i]` becomes `i + 1` (pass the cited numbers
 * in order of first use). Markers for numbers not in `order` are dropped, since
 * the passage they named is not returned.
 */
export function renumberCitations(text: string, order: number[]): string {
  const renumbered = new Map(order.map((n, i) => [n, i + 1]));
  return rewriteRuns(text, (numbers) => {
    const mapped: number[] = [];
    for (const n of numbers) {
      const next = renumbered.get(n);
      if (next !== undefined && !mapped.includes(next)) mapped.push(next);
    }
    return mapped;
  });
}

/**
 * Rewrite marker numbers through `map` (old → new), e.g. when a passage list is
 * merged into another one; numbers `map` does not know are dropped.
 */
export function remapCitationMarkers(text: string, map: ReadonlyMap<number, number>): string {
  return rewriteRuns(text, (numbers) => [...new Set(numbers.flatMap((n) => (map.has(n) ? [map.get(n) ?? n] : [])))]);
}
