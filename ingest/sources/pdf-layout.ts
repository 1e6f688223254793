import { itemAt, lastItem } from "../indexed.js";
// Reading order for the text of one PDF page. A PDF stores text runs where they
// are printed, not in reading order, and a newspaper page sets them in columns.
// Recursive XY-cut: a set of runs is split at horizontal bands of white space
// (read top to bottom) or at vertical gutters (read left to right), down to
// single columns, whose runs are grouped into lines and lines into paragraphs.
//
// Bands come first only where a band does not share a gutter with its
// neighbours: two columns whose paragraph breaks happen to line up would
// otherwise be read across. A title set over both columns has no gutter, so it
// is read before them.

export interface TextRun {
  text: string;
  /** Left edge and baseline, in PDF units (y grows upwards). */
  x: number;
  y: number;
  width: number;
  /** Font size (the run's height). */
  size: number;
}

export interface LaidOutParagraph {
  text: string;
  /** Largest font size in the paragraph. */
  size: number;
}

interface Interval {
  from: number;
  to: number;
}

/** Minimum white space that separates columns, in font sizes. */
const GUTTER_EMS = 0.9;
/** A vertical gap larger than this many line pitches ends a paragraph. */
const PARAGRAPH_GAP = 1.45;

export function layoutPage(runs: TextRun[]): LaidOutParagraph[] {
  const visible = runs.filter((run) => run.text.trim() !== "" && run.size > 0);
  if (visible.length === 0) return [];
  const em = median(visible.map((run) => run.size));
  return readingOrder(visible, em).flatMap((column) => paragraphsOf(linesOf(column, em), em));
}

/** The runs in reading order, as a list of single-column groups. */
function readingOrder(runs: TextRun[], em: number): TextRun[][] {
  if (runs.length <= 1) return [runs];
  const extent = { from: Math.min(...runs.map(left)), to: Math.max(...runs.map(right)) };
  const bands = splitBy(runs, (run) => ({ from: -top(run), to: -bottom(run) }), 0.1 * em);
  const groups = bands.length > 1 ? mergeBandsSharingGutters(bands, extent, em) : [runs];
  // Bands matter only where some of them are set in columns; a single column is read whole,
  // so its lines can be joined into paragraphs.
  if (groups.length > 1 && groups.some((group) => columnsOf(group, em).length > 1))
    return groups.flatMap((group) => readingOrder(group, em));
  const columns = columnsOf(runs, em);
  if (columns.length > 1) return columns.flatMap((column) => readingOrder(column, em));
  return [runs];
}

function columnsOf(runs: TextRun[], em: number): TextRun[][] {
  return splitBy(runs, (run) => ({ from: left(run), to: right(run) }), GUTTER_EMS * em);
}

/**
 * Consecutive bands set in the same columns belong together: a band with
 * gutters shares one with the group, or a band without any (a line in one
 * column only) stays clear of the group's gutters.
 */
function mergeBandsSharingGutters(bands: TextRun[][], extent: Interval, em: number): TextRun[][] {
  const groups: TextRun[][] = [];
  let gutters: Interval[] = [];
  for (const band of bands) {
    const spans = band.map((run) => ({ from: left(run), to: right(run) }));
    const own = gaps(spans, extent, GUTTER_EMS * em);
    const shared =
      own.length > 0
        ? intersect(gutters, own, GUTTER_EMS * em)
        : gutters.filter((gutter) => !spans.some((span) => span.from < gutter.to && span.to > gutter.from));
    if (groups.length > 0 && shared.length > 0) {
      lastItem(groups).push(...band);
      gutters = shared;
    } else {
      groups.push([...band]);
      gutters = own;
    }
  }
  return groups;
}

/** Split runs where their projections on one axis leave a gap of at least `minGap`. */
function splitBy(runs: TextRun[], project: (run: TextRun) => Interval, minGap: number): TextRun[][] {
  const sorted = [...runs].sort((a, b) => project(a).from - project(b).from);
  const groups: TextRun[][] = [];
  let reach = -Infinity;
  for (const run of sorted) {
    const span = project(run);
    if (groups.length === 0 || span.from - reach >= minGap) groups.push([]);
    lastItem(groups).push(run);
    reach = Math.max(reach, span.to);
  }
  return groups;
}

/** White space between `spans` inside `extent`, at least `minGap` wide. */
function gaps(spans: Interval[], extent: Interval, minGap: number): Interval[] {
  const out: Interval[] = [];
  let cursor = extent.from;
  for (const span of [...spans].sort((a, b) => a.from - b.from)) {
    if (span.from - cursor >= minGap) out.push({ from: cursor, to: span.from });
    cursor = Math.max(cursor, span.to);
  }
  // Only white space with text on both sides is a gutter; the rest is margin or indent.
  return out.filter((gap) => gap.from > extent.from);
}

function intersect(left: Interval[], right: Interval[], minWidth: number): Interval[] {
  const out: Interval[] = [];
  for (const a of left) {
    for (const b of right) {
      const from = Math.max(a.from, b.from);
      const to = Math.min(a.to, b.to);
      if (to - from >= minWidth) out.push({ from, to });
    }
  }
  return out;
}

interface Line {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
}

function linesOf(runs: TextRun[], em: number): Line[] {
  const byTop = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: TextRun[][] = [];
  for (const run of byTop) {
    const line = lines.at(-1);
    if (line && Math.abs(itemAt(line, 0).y - run.y) < 0.5 * Math.min(itemAt(line, 0).size, run.size)) line.push(run);
    else lines.push([run]);
  }
  return lines.map((line) => {
    const ordered = line.sort((a, b) => a.x - b.x);
    let text = "";
    let end = -Infinity;
    for (const run of ordered) {
      // Runs of Latin words are separated by visible space; CJK runs are not.
      const spaced = run.x - end > 0.15 * em && /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(run.text);
      text += (spaced ? " " : "") + run.text;
      end = run.x + run.width;
    }
    return {
      text: text.trim(),
      x: itemAt(ordered, 0).x,
      right: end,
      y: itemAt(ordered, 0).y,
      size: Math.max(...ordered.map((run) => run.size)),
    };
  });
}

/**
 * Lines into paragraphs: a new paragraph starts after a larger gap, at a font
 * size change, at an indented first line, or after a line that stopped short of
 * the column's right edge. Lines inside a paragraph are joined (a PDF breaks
 * "服" / "务站" across lines), with a space only between Latin words.
 */
function paragraphsOf(lines: Line[], em: number): LaidOutParagraph[] {
  if (lines.length === 0) return [];
  const columnLeft = Math.min(...lines.map((line) => line.x));
  const columnRight = Math.max(...lines.map((line) => line.right));
  const pitches = lines
    .slice(1)
    .map((line, i) => itemAt(lines, i).y - line.y)
    .filter((pitch) => pitch > 0);
  const pitch = pitches.length > 0 ? median(pitches) : em * 1.5;
  const paragraphs: LaidOutParagraph[] = [];
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    const startsNew =
      !previous ||
      previous.y - line.y > PARAGRAPH_GAP * pitch ||
      Math.abs(previous.size - line.size) > 0.15 * em ||
      line.x - columnLeft > 0.8 * line.size ||
      columnRight - previous.right > 1.5 * previous.size;
    const current = paragraphs.at(-1);
    if (startsNew || !current) paragraphs.push({ text: line.text, size: line.size });
    else {
      const latinSeam = /[A-Za-z0-9,.;:]$/.test(current.text) && /^[A-Za-z0-9]/.test(line.text);
      current.text += (latinSeam ? " " : "") + line.text;
      current.size = Math.max(current.size, line.size);
    }
  });
  return paragraphs;
}

const left = (run: TextRun) => run.x;
const right = (run: TextRun) => run.x + run.width;
const top = (run: TextRun) => run.y + run.size * 0.85;
const bottom = (run: TextRun) => run.y - run.size * 0.15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
