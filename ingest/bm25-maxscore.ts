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

/** Postings per block of a block-max bound: 2 ** BLOCK_SHIFT. */
const BLOCK_SHIFT = 6;
export const BLOCK = 1 << BLOCK_SHIFT;

/** One word's postings as typed arrays, with each posting's BM25 contribution precomputed. */
export interface TermPostings {
  documents: Int32Array;
  contributions: Float64Array;
  /** The largest contribution: what this word can add to any document's score. */
  upperBound: number;
  /** blockMax[b]: the largest contribution among postings [b·BLOCK, (b + 1)·BLOCK). */
  blockMax: Float64Array;
}

/** The largest contribution of every block of BLOCK postings. */
export function blockMaxima(contributions: Float64Array): Float64Array {
  const maxima = new Float64Array(Math.ceil(contributions.length / BLOCK));
  for (let i = 0; i < contributions.length; i++)
    maxima[i >> BLOCK_SHIFT] = Math.max(maxima[i >> BLOCK_SHIFT]!, contributions[i]!);
  return maxima;
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

class MaxScoreRun {
  /** Term indexes by upper bound, smallest first: order[0 .. firstEssential) are non-essential. */
  private readonly order: number[];
  /** boundBelow[i] = Σ upper bounds of order[0 .. i). */
  private readonly boundBelow: Float64Array;
  private readonly cursors: Int32Array;
  // contribution[t] is the candidate's only when holder[t] === candidate: nothing to clear per document.
  private readonly contribution: Float64Array;
  private readonly holder: Int32Array;
  private readonly best: ScoredDocument[] = [];
  private threshold = -Infinity;
  private firstEssential = 0;
  /** The last document of the block-max window the candidates are in (checked once per window). */
  private windowEnd = -1;
  /** As boundBelow, with each non-essential word's largest block maximum over the window. */
  private readonly windowBelow: Float64Array;

  constructor(
    private readonly terms: TermPostings[],
    private readonly k: number,
    private readonly accepts: ((document: number) => boolean) | undefined,
  ) {
    this.order = terms.map((_, i) => i).sort((left, right) => terms[left]!.upperBound - terms[right]!.upperBound);
    this.boundBelow = new Float64Array(terms.length + 1);
    this.windowBelow = new Float64Array(terms.length + 1);
    this.order.forEach((term, i) => (this.boundBelow[i + 1] = this.boundBelow[i]! + terms[term]!.upperBound));
    this.cursors = new Int32Array(terms.length);
    this.contribution = new Float64Array(terms.length);
    this.holder = new Int32Array(terms.length).fill(-1);
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
      if (score === undefined || (this.best.length === this.k && score <= this.best[this.k - 1]!.score)) continue;
      insertRanked(this.best, { index: candidate, score }, this.k);
      if (this.best.length === this.k) this.raiseThreshold(this.best[this.k - 1]!.score);
    }
    return this.best;
  }

  /** A score the k-th best reaches at least: below it a document is passed over. */
  private raiseThreshold(score: number): void {
    if (score <= this.threshold) return;
    this.threshold = score;
    const { order, boundBelow } = this;
    while (this.firstEssential < order.length && boundBelow[this.firstEssential + 1]! * SLACK < this.threshold) {
      this.firstEssential++;
      this.windowEnd = -1; // a word became non-essential: the window's bounds lack it
    }
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
      const { documents, blockMax } = this.terms[this.order[i]!]!;
      let block = 0;
      for (let b = 1; b < blockMax.length; b++) if (blockMax[b]! > blockMax[block]!) block = b;
      const end = Math.min(documents.length, (block + 1) * BLOCK);
      for (let at = block * BLOCK; at < end && sample.size < size; at++)
        if (!this.accepts || this.accepts(documents[at]!)) sample.add(documents[at]!);
    }
    if (sample.size < this.k) return -Infinity;
    const cursors = new Int32Array(this.terms.length);
    const scores = [...sample]
      .sort((left, right) => left - right)
      .map((document) => {
        let score = 0; // in query order, as score() sums
        this.terms.forEach(({ documents, contributions }, term) => {
          const at = (cursors[term] = seek(documents, document, cursors[term]!));
          if (documents[at] === document) score += contributions[at]!;
        });
        return score;
      });
    return scores.sort((left, right) => right - left)[this.k - 1]!;
  }

  /** The lowest document an essential word's cursor is on (Infinity when all are done). */
  private nextCandidate(): number {
    let candidate = Infinity;
    for (let i = this.firstEssential; i < this.order.length; i++) {
      const term = this.order[i]!;
      const { documents } = this.terms[term]!;
      const at = this.cursors[term]!;
      if (at < documents.length) candidate = Math.min(candidate, documents[at]!);
    }
    return candidate;
  }

  /** Moves the essential cursors on `candidate` past it. */
  private passOver(candidate: number): void {
    for (let i = this.firstEssential; i < this.order.length; i++) {
      const term = this.order[i]!;
      if (this.terms[term]!.documents[this.cursors[term]!] === candidate) this.cursors[term] = this.cursors[term]! + 1;
    }
  }

  /** The candidate's score, or undefined once the non-essential words cannot lift it into the top k. */
  private score(candidate: number): number | undefined {
    const { terms, order, cursors, contribution, holder } = this;
    let partial = 0;
    for (let i = this.firstEssential; i < order.length; i++) {
      const term = order[i]!;
      const at = cursors[term]!;
      if (terms[term]!.documents[at] === candidate) {
        partial += contribution[term] = terms[term]!.contributions[at]!;
        holder[term] = candidate;
        cursors[term] = at + 1;
      }
    }
    // Non-essential words, largest bound first, while the document can still make the top k (bounds
    // over the candidate's window when there is one: tighter than the words' bounds over all).
    const below = candidate <= this.windowEnd ? this.windowBelow : this.boundBelow;
    for (let i = this.firstEssential - 1; i >= 0; i--) {
      if ((partial + below[i + 1]!) * SLACK < this.threshold) return undefined;
      const term = order[i]!;
      const { documents, contributions } = terms[term]!;
      const at = (cursors[term] = seek(documents, candidate, cursors[term]!));
      if (documents[at] === candidate) {
        partial += contribution[term] = contributions[at]!;
        holder[term] = candidate;
      }
    }
    // Summed again in query order: the exhaustive walk's floats.
    let score = 0;
    for (let term = 0; term < terms.length; term++) if (holder[term] === candidate) score += contribution[term]!;
    return score;
  }

  /**
   * The window from `candidate` to the nearest end of an essential word's current block. When the
   * block maxima of every word over it stay below the threshold, no document in it can enter the
   * top k: the essential cursors move past it and true is returned.
   */
  private skipWindow(candidate: number): boolean {
    const { terms, order, cursors } = this;
    let upTo = Infinity;
    let bound = 0;
    for (let i = this.firstEssential; i < order.length; i++) {
      const term = order[i]!;
      const { documents, blockMax } = terms[term]!;
      const at = cursors[term]!;
      if (at >= documents.length) continue;
      upTo = Math.min(upTo, documents[Math.min(documents.length, ((at >> BLOCK_SHIFT) + 1) * BLOCK) - 1]!);
      bound += blockMax[at >> BLOCK_SHIFT]!;
    }
    for (let i = 0; i < this.firstEssential; i++)
      this.windowBelow[i + 1] = this.windowBelow[i]! + this.nonEssentialMax(order[i]!, candidate, upTo);
    bound += this.windowBelow[this.firstEssential]!;
    this.windowEnd = upTo;
    if (bound * SLACK >= this.threshold) return false;
    for (let i = this.firstEssential; i < order.length; i++) {
      const term = order[i]!;
      cursors[term] = seek(terms[term]!.documents, upTo + 1, cursors[term]!);
    }
    return true;
  }

  /** The largest block maximum of a non-essential word over documents [from, upTo]. */
  private nonEssentialMax(term: number, from: number, upTo: number): number {
    const { documents, blockMax } = this.terms[term]!;
    const at = (this.cursors[term] = seek(documents, from, this.cursors[term]!));
    let max = 0;
    for (let block = at >> BLOCK_SHIFT; block < blockMax.length && documents[block * BLOCK]! <= upTo; block++)
      max = Math.max(max, blockMax[block]!);
    return max;
  }
}

/**
 * First position ≥ `from` whose document is ≥ `target` (postings ascend). Galloping: the target
 * is most often a few postings ahead, so the search doubles its step from `from` before bisecting.
 */
export function seek(documents: Int32Array, target: number, from: number): number {
  if (from >= documents.length || documents[from]! >= target) return from;
  let low = from + 1;
  let step = 1;
  while (low + step < documents.length && documents[low + step]! < target) {
    low += step + 1;
    step *= 2;
  }
  let high = Math.min(documents.length, low + step + 1);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (documents[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Insert into `best` (score descending, at most k long); the newcomer loses ties (it is a later document). */
function insertRanked(best: ScoredDocument[], hit: ScoredDocument, k: number): void {
  let position = best.length;
  while (position > 0 && best[position - 1]!.score < hit.score) position--;
  best.splice(position, 0, hit);
  if (best.length > k) best.pop();
}
