// Top-k BM25 by MaxScore (Turtle & Flood 1995), document at a time: the query's words are
// ordered by the most any one of their postings can add; once the k-th best score beats the
// sum of the smallest such bounds, those words are "non-essential" — a document is considered
// only when an essential word holds it, and the non-essential lists are probed by a galloping
// search instead of walked. Four things keep the walk short at 1000× the seeds, where common
// words have 50,000–140,000 postings:
// - the threshold starts at the k-th exact score of a small sample (each word's best block), not
//   at −∞, so the common words are non-essential from the first document, not after the walk has
//   happened on the good documents (bench/bm25-bench.ts p50 2.4–2.8 → 1.5–1.9 ms);
// - the probe gallops from the list's cursor (the next posting is usually near), not bisects;
// - block-max windows (Ding & Suel 2011; Lucene's MaxScoreBulkScorer): each word's postings are
//   cut into blocks of BLOCK with the block's largest contribution. The walk goes window by window,
//   a window ending at the nearest end of an essential word's block; it is passed over whole when
//   the words' maxima over it cannot reach the k-th score, and otherwise its words are split as
//   MaxScore splits the query's, on those maxima: a candidate must hold one of the window's leads,
//   far fewer documents than the essential words hold (a word with one short, dense document has a
//   large bound over the corpus and a small one over most windows);
// - a window whose leads hold many postings is summed into a buffer in one pass per lead, and its
//   documents bounded from their sums, instead of walked a candidate at a time.
// Together the last two took the 1000× bench's top-30 from 6.9 to 6.0 s over 2,695 queries
// (bench/bm25-bench.ts-style A/B in one process; p95 7.1 → 6.2 ms).
// Scores are summed in the query's word order, as the exhaustive walk sums them, so both return
// the same floats and, ties broken by lower document first, the same top k.

import { float64At, int32At, itemAt, uint32At } from "./indexed.js";

/** Postings per block of a block-max bound: 2 ** BLOCK_SHIFT. */
const BLOCK_SHIFT = 6;
export const BLOCK = 1 << BLOCK_SHIFT;

/**
 * One word's postings as typed arrays (views on the index's tables) and its bounds. A posting's
 * contribution is computed when it is read, not stored: a stored copy was 8 bytes per posting
 * allocated per word queried, and at 10,000× the seeds a question's common words made ~80 MB of
 * them, whose collection over a multi-gigabyte heap took hundreds of milliseconds.
 */
export interface TermPostings {
  documents: Int32Array;
  frequencies: Uint32Array;
  /** The word's IDF, and BM25's k1. */
  idf: number;
  k1: number;
  /** Per document: 1 − b + b · length / average length (shared by every word of the snapshot). */
  lengthNorms: Float64Array;
  /** The largest contribution: what this word can add to any document's score. */
  upperBound: number;
  /** blockMax[b]: the largest contribution among postings [b·BLOCK, (b + 1)·BLOCK). */
  blockMax: Float64Array;
  /** The block holding the largest contribution (the first such). */
  bestBlock: number;
}

/** The contribution of the posting at `position`: the exhaustive walk's expression, term for term. */
export function contributionAt(
  term: Omit<TermPostings, "upperBound" | "blockMax" | "bestBlock">,
  position: number,
): number {
  const { idf, k1 } = term;
  const tf = uint32At(term.frequencies, position);
  return (idf * tf * (k1 + 1)) / (tf + k1 * float64At(term.lengthNorms, int32At(term.documents, position)));
}

/** A word's largest contribution and that of every block of BLOCK postings. */
export function termBounds(term: Omit<TermPostings, "upperBound" | "blockMax" | "bestBlock">): {
  upperBound: number;
  blockMax: Float64Array;
  bestBlock: number;
} {
  const blockMax = new Float64Array(Math.ceil(term.documents.length / BLOCK));
  let upperBound = 0;
  let bestBlock = 0;
  for (let i = 0; i < term.documents.length; i++) {
    const contribution = contributionAt(term, i);
    const block = i >> BLOCK_SHIFT;
    blockMax[block] = Math.max(float64At(blockMax, block), contribution);
    if (contribution > upperBound) {
      upperBound = contribution;
      bestBlock = block;
    }
  }
  return { upperBound, blockMax, bestBlock };
}

export interface ScoredDocument {
  index: number;
  score: number;
}

// Bounds are sums in another order than the exact scores: rounding may differ in the last bits,
// so a document is skipped only when its bound is below the threshold by more than that.
const SLACK = 1 + 1e-9;

/** Documents scored up front to start the threshold near the k-th score (sampledThreshold). */
const SAMPLE = 256;

/**
 * A window whose lead words hold at least this many postings is summed into a buffer (sumWindow),
 * not walked a candidate at a time: at 1000× the seeds a question's mid-frequency words put tens of
 * thousands of candidates in its windows, nearly all below the k-th score, and the walk's per-candidate
 * work (the smallest cursor among the leads, then a bound check) was most of the query.
 */
const BULK_POSTINGS = 16;
/** The widest window (in documents) summed into the buffer. */
const BULK_SPAN = 1 << 16;
/** The buffer: per document of the window, its lead words' sum, and a bit per document summed. */
let windowSums = new Float64Array(0);
let windowTouched = new Uint32Array(0);

/**
 * The `k` best documents over `terms` (in query order) of those `accepts` (all when not given),
 * best first; ties: lower document first.
 */
export function maxScoreTopK(
  terms: TermPostings[],
  k: number,
  accepts?: (document: number) => boolean,
): ScoredDocument[] {
  if (k <= 0 || terms.length === 0) return [];
  return new MaxScoreRun(terms, k, accepts).topK();
}

/** One query word's walk: its postings, how far the walk is, its share of the candidate's score. */
class TermCursor {
  readonly documents: Int32Array;
  readonly blockMax: Float64Array;
  readonly upperBound: number;
  readonly bestBlock: number;
  position = 0;
  // contribution is the candidate's only when holder === candidate: nothing to clear per document.
  contribution = 0;
  holder = -1;
  /** Σ upper bounds of this word and of the words with smaller bounds (the MaxScore prefix). */
  boundThrough = 0;
  /** The most this word adds to a document of the current window (its blocks' maxima there). */
  windowMax = 0;
  /** As boundThrough, over the window: Σ windowMax of this word and of the words ranked below it. */
  windowThrough = 0;
  /** In a summed window: the first posting after the window, and the exact score's own cursor. */
  windowEndPosition = 0;
  scan = 0;

  constructor(private readonly postings: TermPostings) {
    this.documents = postings.documents;
    this.blockMax = postings.blockMax;
    this.upperBound = postings.upperBound;
    this.bestBlock = postings.bestBlock;
  }

  /** The document at the cursor (Infinity once the list is done). */
  document(): number {
    return this.position < this.documents.length ? int32At(this.documents, this.position) : Infinity;
  }

  /** The contribution of the posting at the cursor. */
  current(): number {
    return this.contributionAt(this.position);
  }

  /** Moves the cursor to the first posting ≥ document; true when that posting is the document's. */
  seek(document: number): boolean {
    this.position = seek(this.documents, document, this.position);
    return this.documents[this.position] === document;
  }

  /** Takes the contribution at the cursor as the candidate's. */
  hold(candidate: number): number {
    this.holder = candidate;
    return (this.contribution = this.current());
  }

  /** The contribution of the posting at `position`. */
  contributionAt(position: number): number {
    return contributionAt(this.postings, position);
  }

  /** In a summed window: finds the candidate with the scan cursor (candidates ascend) and holds its contribution. */
  holdScanned(candidate: number): void {
    this.scan = seek(this.documents, candidate, this.scan);
    if (this.documents[this.scan] !== candidate) return;
    this.holder = candidate;
    this.contribution = this.contributionAt(this.scan);
  }

  /** The largest block maximum over documents [from, upTo] (0 when no posting lies there); seeks to `from`. */
  maxOver(from: number, upTo: number): number {
    this.seek(from);
    const { documents, blockMax } = this;
    if (this.document() > upTo) return 0;
    let max = float64At(blockMax, this.position >> BLOCK_SHIFT);
    for (let block = (this.position >> BLOCK_SHIFT) + 1; block < blockMax.length; block++) {
      if (int32At(documents, block * BLOCK) > upTo) break;
      max = Math.max(max, float64At(blockMax, block));
    }
    return max;
  }
}

class MaxScoreRun {
  /** The words in query order (the order scores are summed in). */
  private readonly cursors: TermCursor[];
  /** The words by upper bound, smallest first: order[0 .. firstEssential) are non-essential. */
  private readonly order: TermCursor[];
  private firstEssential = 0;
  /** order[firstEssential ..]: a document outside all of these cannot enter the top k. */
  private essential: TermCursor[];
  private readonly best: ScoredDocument[] = [];
  private threshold = -Infinity;
  /** The current window's last document. */
  private windowEnd = -1;
  /** The words by their maximum over the window, smallest first. */
  private readonly byWindowMax: TermCursor[];
  /** Of byWindowMax, the words a candidate of the window must hold one of (walked), and the rest. */
  private readonly leads: TermCursor[] = [];
  /** The rest, largest window maximum first: probed for a candidate, not walked. */
  private readonly probed: TermCursor[] = [];
  /** While a window is summed its leads are fixed (their postings are in the buffer already). */
  private summing = false;

  constructor(
    terms: TermPostings[],
    private readonly k: number,
    private readonly accepts: ((document: number) => boolean) | undefined,
  ) {
    this.cursors = terms.map((postings) => new TermCursor(postings));
    this.order = [...this.cursors].sort((left, right) => left.upperBound - right.upperBound);
    let bound = 0;
    for (const cursor of this.order) cursor.boundThrough = bound += cursor.upperBound;
    this.essential = this.order;
    this.byWindowMax = [...this.cursors];
  }

  topK(): ScoredDocument[] {
    this.raiseThreshold(this.sampledThreshold());
    for (;;) {
      const start = this.windowStart();
      if (start === Infinity) break;
      if (this.openWindow(start)) this.walkWindow(start);
      for (const cursor of this.essential) cursor.seek(this.windowEnd + 1);
    }
    return this.best;
  }

  /** Scores the window's candidates: the documents its lead words hold. */
  private walkWindow(start: number): void {
    const span = this.windowEnd - start + 1;
    if (span <= BULK_SPAN) {
      let postings = 0;
      for (const cursor of this.leads) {
        cursor.windowEndPosition = seek(cursor.documents, this.windowEnd + 1, cursor.position);
        postings += cursor.windowEndPosition - cursor.position;
      }
      if (postings >= BULK_POSTINGS) return this.sumWindow(start, span);
    }
    for (;;) {
      let candidate = Infinity;
      for (const cursor of this.leads) candidate = Math.min(candidate, cursor.document());
      if (candidate > this.windowEnd) return;
      // A filtered-out document is passed over, not scored: the bounds hold for the others still.
      if (this.accepts && !this.accepts(candidate)) {
        for (const cursor of this.leads) if (cursor.documents[cursor.position] === candidate) cursor.position++;
        continue;
      }
      this.offer(candidate, this.score(candidate));
    }
  }

  /**
   * The window's candidates by a buffer: each lead's postings in the window are added to their
   * documents' sums in one pass, then the documents summed are taken in order, bounded by their
   * sums and the probed words' window maxima, and scored exactly when they may enter the top k.
   */
  private sumWindow(start: number, span: number): void {
    if (windowSums.length < span) {
      windowSums = new Float64Array(BULK_SPAN);
      windowTouched = new Uint32Array(BULK_SPAN >> 5);
    }
    const sums = windowSums;
    const touched = windowTouched;
    for (const cursor of this.leads) {
      const { documents } = cursor;
      cursor.scan = cursor.position;
      for (let position = cursor.position; position < cursor.windowEndPosition; position++) {
        const offset = int32At(documents, position) - start;
        sums[offset] = float64At(sums, offset) + cursor.contributionAt(position);
        touched[offset >> 5] = uint32At(touched, offset >> 5) | (1 << (offset & 31));
      }
    }
    this.summing = true;
    for (let word = 0; word < (span + 31) >> 5; word++) {
      let bits = uint32At(touched, word);
      touched[word] = 0;
      while (bits !== 0) {
        const lowest = bits & -bits;
        bits ^= lowest;
        const offset = (word << 5) + 31 - Math.clz32(lowest);
        const partial = float64At(sums, offset);
        sums[offset] = 0; // the buffer is all zeros between windows
        const candidate = start + offset;
        if (this.accepts && !this.accepts(candidate)) continue;
        this.offer(candidate, this.scoreSummed(candidate, partial));
      }
    }
    this.summing = false;
    for (const cursor of this.leads) cursor.position = cursor.windowEndPosition;
  }

  /** Takes a scored candidate into the top k when it beats the k-th (a tie loses: it comes later). */
  private offer(candidate: number, score: number | undefined): void {
    if (score === undefined || (this.best.length === this.k && score <= this.kthScore())) return;
    insertRanked(this.best, { index: candidate, score }, this.k);
    if (this.best.length === this.k) this.raiseThreshold(this.kthScore());
  }

  private kthScore(): number {
    return itemAt(this.best, this.k - 1).score;
  }

  /** A score the k-th best reaches at least: below it a document is passed over. */
  private raiseThreshold(score: number): void {
    if (score <= this.threshold) return;
    this.threshold = score;
    let moved = 0;
    for (const cursor of this.essential) {
      if (cursor.boundThrough * SLACK >= this.threshold) break;
      moved++;
    }
    if (moved > 0) {
      this.firstEssential += moved;
      this.essential = this.order.slice(this.firstEssential);
    }
    // A window already open keeps its words' maxima; a higher threshold may need fewer leads.
    if (this.windowEnd >= 0 && !this.summing) this.partitionWindow();
  }

  /**
   * The k-th best exact score among up to SAMPLE documents likely to score high — each word's best
   * block, the words with the largest bounds (the rare ones) first: the final k-th is at least that.
   * Walking in document order, the threshold would otherwise start low and rise only as good
   * documents turn up, and every document of the common words before them would be a candidate.
   */
  private sampledThreshold(): number {
    const sample = new Set<number>();
    const size = Math.max(this.k, SAMPLE);
    // Each word's best block (the one holding its largest contribution), largest bounds first.
    for (let i = this.order.length - 1; i >= 0 && sample.size < size; i--) {
      const { documents, bestBlock: block } = itemAt(this.order, i);
      const end = Math.min(documents.length, (block + 1) * BLOCK);
      for (let position = block * BLOCK; position < end && sample.size < size; position++) {
        const document = int32At(documents, position);
        if (!this.accepts || this.accepts(document)) sample.add(document);
      }
    }
    if (sample.size < this.k) return -Infinity;
    const scores = [...sample]
      .sort((left, right) => left - right)
      .map((document) => {
        let score = 0; // in query order, as score() sums
        for (const cursor of this.cursors) {
          if (cursor.seek(document)) score += cursor.current();
        }
        return score;
      });
    for (const cursor of this.cursors) cursor.position = 0; // the walk starts from the first postings
    return itemAt(
      scores.sort((left, right) => right - left),
      this.k - 1,
    );
  }

  /** The lowest document an essential word's cursor is on (Infinity when all are done). */
  private windowStart(): number {
    let start = Infinity;
    for (const cursor of this.essential) start = Math.min(start, cursor.document());
    return start;
  }

  /**
   * Opens the window from `start` to the nearest end of an essential word's current block, and
   * takes every word's largest block maximum over it. False when together they cannot reach the
   * k-th score: no document in it can enter the top k, and it is passed over whole.
   */
  private openWindow(start: number): boolean {
    let upTo = Infinity;
    for (const { documents, position } of this.essential) {
      if (position >= documents.length) continue;
      const blockEnd = Math.min(documents.length, ((position >> BLOCK_SHIFT) + 1) * BLOCK);
      upTo = Math.min(upTo, int32At(documents, blockEnd - 1));
    }
    this.windowEnd = upTo;
    let bound = 0;
    for (const cursor of this.cursors) bound += cursor.windowMax = cursor.maxOver(start, upTo);
    if (bound * SLACK < this.threshold) return false;
    // Few words: an insertion sort by window maximum, smallest first.
    const ranked = this.byWindowMax;
    for (let i = 1; i < ranked.length; i++) {
      const cursor = itemAt(ranked, i);
      let j = i;
      for (; j > 0 && itemAt(ranked, j - 1).windowMax > cursor.windowMax; j--) ranked[j] = itemAt(ranked, j - 1);
      ranked[j] = cursor;
    }
    this.partitionWindow();
    return true;
  }

  /**
   * Splits the window's words as MaxScore splits the query's, on their window maxima: the smallest
   * ones whose maxima together stay below the k-th score are probed; a candidate must hold a lead.
   */
  private partitionWindow(): void {
    const ranked = this.byWindowMax;
    let through = 0;
    let firstLead = 0;
    for (; firstLead < ranked.length; firstLead++) {
      const cursor = itemAt(ranked, firstLead);
      if ((through + cursor.windowMax) * SLACK >= this.threshold) break;
      cursor.windowThrough = through += cursor.windowMax;
    }
    // Refilled, not sliced: a question opens a thousand windows at 1000× the seeds.
    this.leads.length = 0;
    this.probed.length = 0;
    for (let i = firstLead; i < ranked.length; i++) this.leads.push(itemAt(ranked, i));
    for (let i = firstLead - 1; i >= 0; i--) this.probed.push(itemAt(ranked, i));
  }

  /** The candidate's score, or undefined once the probed words cannot lift it into the top k. */
  private score(candidate: number): number | undefined {
    let partial = 0;
    for (const cursor of this.leads) {
      if (cursor.documents[cursor.position] === candidate) {
        partial += cursor.hold(candidate);
        cursor.position++;
      }
    }
    return this.mayEnter(candidate, partial) ? this.exactScore(candidate) : undefined;
  }

  /** As score(), for a candidate of a summed window whose leads' sum is `partial`. */
  private scoreSummed(candidate: number, partial: number): number | undefined {
    if (!this.mayEnter(candidate, partial)) return undefined;
    for (const cursor of this.leads) cursor.holdScanned(candidate);
    return this.exactScore(candidate);
  }

  /**
   * Probes the probed words, largest window maximum first, holding their contributions; false once
   * the document cannot make the top k with what its leads gave (`partial`) and what is left.
   */
  private mayEnter(candidate: number, partial: number): boolean {
    for (const cursor of this.probed) {
      if ((partial + cursor.windowThrough) * SLACK < this.threshold) return false;
      if (cursor.seek(candidate)) partial += cursor.hold(candidate);
    }
    return true;
  }

  /** The held contributions summed again in query order: the exhaustive walk's floats. */
  private exactScore(candidate: number): number {
    let score = 0;
    for (const cursor of this.cursors) if (cursor.holder === candidate) score += cursor.contribution;
    return score;
  }
}

/**
 * First position ≥ `from` whose document is ≥ `target` (postings ascend). Galloping: the target
 * is most often a few postings ahead, so the search doubles its step from `from` before bisecting.
 */
export function seek(documents: Int32Array, target: number, from: number): number {
  if (from >= documents.length || int32At(documents, from) >= target) return from;
  let low = from + 1;
  let step = 1;
  while (low + step < documents.length && int32At(documents, low + step) < target) {
    low += step + 1;
    step *= 2;
  }
  let high = Math.min(documents.length, low + step + 1);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (int32At(documents, middle) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Insert into `best` (score descending, at most k long); the newcomer loses ties (it is a later document). */
function insertRanked(best: ScoredDocument[], hit: ScoredDocument, k: number): void {
  let position = best.length;
  while (position > 0 && itemAt(best, position - 1).score < hit.score) position--;
  best.splice(position, 0, hit);
  if (best.length > k) best.pop();
}
