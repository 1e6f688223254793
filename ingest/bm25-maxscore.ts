// Top-k BM25 by MaxScore (Turtle & Flood 1995), document at a time: the query's words are
// ordered by the most any one of their postings can add; once the k-th best score beats the
// sum of the smallest such bounds, those words are "non-essential" — a document is considered
// only when an essential word holds it, and the non-essential lists are probed by binary search
// instead of walked. Scores are summed in the query's word order, as the exhaustive walk sums
// them, so both return the same floats and, ties broken by lower document first, the same top k.

/** One word's postings as typed arrays, with each posting's BM25 contribution precomputed. */
export interface TermPostings {
  documents: Int32Array;
  contributions: Float64Array;
  /** The largest contribution: what this word can add to any document's score. */
  upperBound: number;
}

export interface ScoredDocument {
  index: number;
  score: number;
}

// Bounds are sums in another order than the exact scores: rounding may differ in the last bits,
// so a document is skipped only when its bound is below the threshold by more than that.
const SLACK = 1 + 1e-9;

/** The `k` best documents over `terms` (in query order), best first; ties: lower document first. */
export function maxScoreTopK(terms: TermPostings[], k: number): ScoredDocument[] {
  if (k <= 0 || terms.length === 0) return [];
  const order = terms.map((_, i) => i).sort((left, right) => terms[left]!.upperBound - terms[right]!.upperBound);
  const boundBelow = new Float64Array(order.length + 1); // boundBelow[i] = Σ upper bounds of order[0..i)
  order.forEach((term, i) => (boundBelow[i + 1] = boundBelow[i]! + terms[term]!.upperBound));
  const documentsOf = terms.map((term) => term.documents);
  const contributionsOf = terms.map((term) => term.contributions);
  const cursors = new Int32Array(terms.length);
  // contribution[t] is this candidate's only when holder[t] === candidate: nothing to clear per document.
  const contribution = new Float64Array(terms.length);
  const holder = new Int32Array(terms.length).fill(-1);
  const best: ScoredDocument[] = [];
  let threshold = -Infinity;
  let firstEssential = 0;
  for (;;) {
    let candidate = Infinity;
    for (let i = firstEssential; i < order.length; i++) {
      const term = order[i]!;
      const at = cursors[term]!;
      if (at < documentsOf[term]!.length) candidate = Math.min(candidate, documentsOf[term]![at]!);
    }
    if (candidate === Infinity) break;
    let partial = 0;
    for (let i = firstEssential; i < order.length; i++) {
      const term = order[i]!;
      const at = cursors[term]!;
      if (documentsOf[term]![at] === candidate) {
        partial += contribution[term] = contributionsOf[term]![at]!;
        holder[term] = candidate;
        cursors[term] = at + 1;
      }
    }
    // Non-essential words, largest bound first, while the document can still make the top k.
    let possible = true;
    for (let i = firstEssential - 1; i >= 0; i--) {
      if ((partial + boundBelow[i + 1]!) * SLACK < threshold) {
        possible = false;
        break;
      }
      const term = order[i]!;
      const documents = documentsOf[term]!;
      const at = seek(documents, candidate, cursors[term]!);
      cursors[term] = at;
      if (documents[at] === candidate) {
        partial += contribution[term] = contributionsOf[term]![at]!;
        holder[term] = candidate;
      }
    }
    if (!possible) continue;
    let score = 0;
    for (let term = 0; term < terms.length; term++) if (holder[term] === candidate) score += contribution[term]!;
    if (best.length === k && score <= threshold) continue; // a tie loses: this document comes later
    insertRanked(best, { index: candidate, score }, k);
    if (best.length === k) threshold = best[k - 1]!.score;
    while (firstEssential < order.length && boundBelow[firstEssential + 1]! * SLACK < threshold) firstEssential++;
  }
  return best;
}

/** First position ≥ `from` whose document is ≥ `target` (postings ascend). */
function seek(documents: Int32Array, target: number, from: number): number {
  let low = from;
  let high = documents.length;
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
