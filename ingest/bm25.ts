// Okapi BM25 over segmented words, with an inverted index so a query touches
// only the postings of its own words. (LangChain's BM25Retriever re-scores
// every document on every query and takes a whitespace tokenizer; neither fits
// Chinese text or a corpus that grows.)

export interface Bm25Data {
  k1: number;
  b: number;
  documentLengths: number[];
  /** word → [[document, term frequency], …] */
  postings: Record<string, Array<[number, number]>>;
  /** Documents still searchable, when some were removed (their length is 0 and they have no postings). */
  liveDocuments?: number;
}

export interface Bm25Document {
  index: number;
  tokens: string[];
}

export interface ScoredIndex {
  index: number;
  score: number;
}

export class Bm25Index {
  private readonly averageLength: number;
  /** Reused score buffer for search (zeroed again after each query). */
  private scratch?: Float64Array;

  constructor(private readonly data: Bm25Data) {
    const total = data.documentLengths.reduce((sum, length) => sum + length, 0);
    this.averageLength = total / Math.max(1, this.size);
  }

  static build(documents: string[][], k1 = 1.2, b = 0.75): Bm25Index {
    const postings: Record<string, Array<[number, number]>> = Object.create(null);
    documents.forEach((tokens, documentIndex) => {
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      for (const [token, count] of counts) (postings[token] ??= []).push([documentIndex, count]);
    });
    return new Bm25Index({ k1, b, documentLengths: documents.map((tokens) => tokens.length), postings });
  }

  toJSON(): Bm25Data {
    return this.data;
  }

  /** Searchable documents. */
  get size(): number {
    return this.data.liveDocuments ?? this.data.documentLengths.length;
  }

  /**
   * A new index with documents added (at the next indexes) and live ones removed; this
   * one is left as it was, so a search running on it sees one state. Only the
   * posting lists of the words involved are copied.
   */
  withChanges(added: Bm25Document[], removed: Bm25Document[]): Bm25Index {
    const postings: Record<string, Array<[number, number]>> = Object.assign(Object.create(null), this.data.postings);
    const documentLengths = [...this.data.documentLengths];
    const gone = new Set(removed.map((document) => document.index));
    for (const token of new Set(removed.flatMap((document) => document.tokens))) {
      const kept = (Object.hasOwn(postings, token) ? postings[token]! : []).filter(([document]) => !gone.has(document));
      if (kept.length > 0) postings[token] = kept;
      else delete postings[token];
    }
    for (const index of gone) documentLengths[index] = 0;
    for (const { index, tokens } of added) {
      if (index !== documentLengths.length) {
        throw new Error(`BM25 documents must be added in order: expected ${documentLengths.length}, got ${index}`);
      }
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      for (const [token, count] of counts) {
        postings[token] = [...(Object.hasOwn(postings, token) ? postings[token]! : []), [index, count]];
      }
      documentLengths.push(tokens.length);
    }
    const liveDocuments = this.size - gone.size + added.length;
    return new Bm25Index({ ...this.data, postings, documentLengths, liveDocuments });
  }

  /** Postings of a word; own properties only, so "constructor" is a word like any other. */
  private postingsOf(token: string): Array<[number, number]> | undefined {
    return Object.hasOwn(this.data.postings, token) ? this.data.postings[token] : undefined;
  }

  /** Documents that contain every one of the words (ascending), at most `limit`. */
  documentsWithAll(tokens: string[], limit: number): number[] {
    const lists = [...new Set(tokens)].map((token) => this.postingsOf(token) ?? []).sort((left, right) => left.length - right.length);
    if (lists.length === 0) return [];
    const rest = lists.slice(1).map((list) => new Set(list.map(([document]) => document)));
    return lists[0]!.map(([document]) => document).filter((document) => rest.every((set) => set.has(document))).slice(0, limit);
  }

  /** Every word of the corpus (the vocabulary), whichever store the index came from. */
  words(): string[] {
    return Object.keys(this.data.postings);
  }

  /** Number of documents that contain the word. */
  documentFrequency(token: string): number {
    return this.postingsOf(token)?.length ?? 0;
  }

  /** Top `k` documents for the query words (of those `accepts`, when given); repeated query words count once. */
  search(queryTokens: string[], k: number, accepts?: (documentIndex: number) => boolean): ScoredIndex[] {
    const { k1, b, documentLengths } = this.data;
    const documentCount = this.size;
    // A dense score array and the list of documents touched: no Map and no
    // object per posting, which dominated retrieval time on large corpora.
    // The sums are added in the same order as before, so scores are identical.
    const scores = (this.scratch ??= new Float64Array(documentLengths.length));
    const touched: number[] = [];
    for (const token of new Set(queryTokens)) {
      const list = this.postingsOf(token);
      if (!list) continue;
      const idf = Math.log(1 + (documentCount - list.length + 0.5) / (list.length + 0.5));
      for (const [documentIndex, tf] of list) {
        const lengthNorm = 1 - b + (b * documentLengths[documentIndex]!) / this.averageLength;
        if (scores[documentIndex] === 0) touched.push(documentIndex);
        scores[documentIndex] = scores[documentIndex]! + (idf * tf * (k1 + 1)) / (tf + k1 * lengthNorm);
      }
    }
    const top = selectTop(accepts ? touched.filter(accepts) : touched, scores, k);
    const result = top.map((index) => ({ index, score: scores[index]! }));
    for (const index of touched) scores[index] = 0;
    return result;
  }
}

/** The `k` best of `candidates` by score (ties: lower index first), best first. */
function selectTop(candidates: number[], scores: Float64Array, k: number): number[] {
  const better = (left: number, right: number) => scores[right]! - scores[left]! || left - right;
  if (candidates.length <= k * 4) return candidates.sort(better).slice(0, k);
  // Keep a sorted window of the best k; most candidates fail the first comparison.
  const best = candidates.slice(0, k).sort(better);
  for (let i = k; i < candidates.length; i++) {
    const candidate = candidates[i]!;
    if (k === 0 || better(candidate, best[k - 1]!) >= 0) continue;
    let position = k - 1;
    while (position > 0 && better(candidate, best[position - 1]!) < 0) position--;
    best.splice(position, 0, candidate);
    best.pop();
  }
  return best;
}
