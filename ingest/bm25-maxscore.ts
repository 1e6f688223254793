// Top-k BM25 by MaxScore (Turtle & Flood 1995), document at a time: the query's words are
// ordered by the most any one of their postings can add; once the k-th best score beats the
// sum of the smallest such bounds, those words are "non-essential" — a document is considered
// only when an essential word holds it, and the non-essential lists are probed by a galloping
// search instead of walked. Three things keep the walk short at 1000× the seeds, where common
// words have 50,000–140,000 postings:
// - the threshold starts at the k-th exact score of a small sample (each word's best block), not
//   at −∞, so the common words are non-essential from the first document, not after the walk has
//   happened on the good documents (bench/bm25-bench.ts p50 2.4–2.8 → 1.5–1.9 ms);
// - the probe gallops from the list's cursor (the next posting is usually near), not bisects;
// - block-max windows (Ding & Suel 2011, as Lucene's MaxScore scorer uses them): each word's
//   postings are cut into blocks of BLOCK with the block's largest contribution; a run of
//   documents up to the nearest end of an essential word's block is passed over at once when the
//   blocks' maxima together cannot reach the k-th score, and inside it the non-essential words
//   are bounded by their maxima over the run.
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
}

/** The contribution of the posting at `position`: the exhaustive walk's expression, term for term. */
export function contributionAt(term: Omit<TermPostings, "upperBound" | "blockMax">, position: number): number {
  const { idf, k1 } = term;
  const tf = uint32At(term.frequencies, position);
  return (idf * tf * (k1 + 1)) / (tf + k1 * float64At(term.lengthNorms, int32At(term.documents, position)));
}

/** A word's largest contribution and that of every block of BLOCK postings. */
export function termBounds(term: Omit<TermPostings, "upperBound" | "blockMax">): {
  upperBound: number;
  blockMax: Float64Array;
} {
  const blockMax = new Float64Array(Math.ceil(term.documents.length / BLOCK));
  let upperBound = 0;
  for (let i = 0; i < term.documents.length; i++) {
    const contribution = contributionAt(term, i);
    const block = i >> BLOCK_SHIFT;
    blockMax[block] = Math.max(float64At(blockMax, block), contribution);
    upperBound = Math.max(upperBound, contribution);
  }
  return { upperBound, blockMax };
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
  position = 0;
  // contribution is the candidate's only when holder === candidate: nothing to clear per document.
  contribution = 0;
  holder = -1;
  /** Σ upper bounds of this word and of the words with smaller bounds (the MaxScore prefix). */
  boundThrough = 0;
  /** As boundThrough, with each non-essential word's largest block maximum over the window. */
  windowThrough = 0;

  constructor(private readonly postings: TermPostings) {
    this.documents = postings.documents;
    this.blockMax = postings.blockMax;
    this.upperBound = postings.upperBound;
  }

  /** The contribution of the posting at the cursor. */
  current(): number {
    return contributionAt(this.postings, this.position);
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
}

class MaxScoreRun {
  /** The words in query order (the order scores are summed in). */
  private readonly cursors: TermCursor[];
  /** The words by upper bound, smallest first: order[0 .. firstEssential) are non-essential. */
  private readonly order: TermCursor[];
  private firstEssential = 0;
  /** order[firstEssential ..]: a document is a candidate only when one of these holds it. */
  private essential: TermCursor[];
  /** order[0 .. firstEssential), largest bound first: probed, not walked. */
  private nonEssential: TermCursor[] = [];
  private readonly best: ScoredDocument[] = [];
  private threshold = -Infinity;
  /** The last document of the block-max window the candidates are in (checked once per window). */
  private windowEnd = -1;

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
  }

  topK(): ScoredDocument[] {
    this.raiseThreshold(this.sampledThreshold());
    for (;;) {
      const candidate = this.nextCandidate();
      if (candidate === Infinity) break;
      if (candidate > this.windowEnd && this.threshold > -Infinity && this.skipWindow(candidate)) continue;
      // A filtered-out document is passed over, not scored: the bounds hold for the others still.
      if (this.accepts && !this.accepts(candidate)) {
        this.passOver(candidate);
        continue;
      }
      const score = this.score(candidate);
      // A tie with the k-th loses: this document comes later.
      if (score === undefined || (this.best.length === this.k && score <= this.kthScore())) continue;
      insertRanked(this.best, { index: candidate, score }, this.k);
      if (this.best.length === this.k) this.raiseThreshold(this.kthScore());
    }
    return this.best;
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
    if (moved === 0) return;
    this.firstEssential += moved;
    this.essential = this.order.slice(this.firstEssential);
    this.nonEssential = this.order.slice(0, this.firstEssential).reverse();
    this.windowEnd = -1; // a word became non-essential: the window's bounds lack it
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
    for (const { documents, blockMax } of [...this.order].reverse()) {
      if (sample.size >= size) break;
      let block = 0;
      blockMax.forEach((max, b) => {
        if (max > float64At(blockMax, block)) block = b;
      });
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
  private nextCandidate(): number {
    let candidate = Infinity;
    for (const { documents, position } of this.essential) {
      if (position < documents.length) candidate = Math.min(candidate, int32At(documents, position));
    }
    return candidate;
  }

  /** Moves the essential cursors on `candidate` past it. */
  private passOver(candidate: number): void {
    for (const cursor of this.essential) if (cursor.documents[cursor.position] === candidate) cursor.position++;
  }

  /** The candidate's score, or undefined once the non-essential words cannot lift it into the top k. */
  private score(candidate: number): number | undefined {
    let partial = 0;
    for (const cursor of this.essential) {
      if (cursor.documents[cursor.position] === candidate) {
        partial += cursor.hold(candidate);
        cursor.position++;
      }
    }
    // Non-essential words, largest bound first, while the document can still make the top k (bounds
    // over the candidate's window when there is one: tighter than the words' bounds over all).
    const windowed = candidate <= this.windowEnd;
    for (const cursor of this.nonEssential) {
      const bound = windowed ? cursor.windowThrough : cursor.boundThrough;
      if ((partial + bound) * SLACK < this.threshold) return undefined;
      if (cursor.seek(candidate)) partial += cursor.hold(candidate);
    }
    // Summed again in query order: the exhaustive walk's floats.
    let score = 0;
    for (const cursor of this.cursors) if (cursor.holder === candidate) score += cursor.contribution;
    return score;
  }

  /**
   * The window from `candidate` to the nearest end of an essential word's current block. When the
   * block maxima of every word over it stay below the threshold, no document in it can enter the
   * top k: the essential cursors move past it and true is returned.
   */
  private skipWindow(candidate: number): boolean {
    let upTo = Infinity;
    let bound = 0;
    for (const { documents, blockMax, position } of this.essential) {
      if (position >= documents.length) continue;
      const blockEnd = Math.min(documents.length, ((position >> BLOCK_SHIFT) + 1) * BLOCK);
      upTo = Math.min(upTo, int32At(documents, blockEnd - 1));
      bound += float64At(blockMax, position >> BLOCK_SHIFT);
    }
    // Non-essential prefix sums, smallest bound first, as boundThrough sums the upper bounds.
    let windowBound = 0;
    for (let i = this.nonEssential.length - 1; i >= 0; i--) {
      const cursor = itemAt(this.nonEssential, i);
      cursor.windowThrough = windowBound += nonEssentialMax(cursor, candidate, upTo);
    }
    bound += windowBound;
    this.windowEnd = upTo;
    if (bound * SLACK >= this.threshold) return false;
    for (const cursor of this.essential) cursor.seek(upTo + 1);
    return true;
  }
}

/** The largest block maximum of a non-essential word over documents [from, upTo]. */
function nonEssentialMax(cursor: TermCursor, from: number, upTo: number): number {
  cursor.seek(from);
  const { documents, blockMax } = cursor;
  let max = 0;
  for (let block = cursor.position >> BLOCK_SHIFT; block < blockMax.length; block++) {
    if (int32At(documents, block * BLOCK) > upTo) break;
    max = Math.max(max, float64At(blockMax, block));
  }
  return max;
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
