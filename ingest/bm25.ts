// Okapi BM25 over segmented words, with an inverted index so a query touches
// only the postings of its own words. (LangChain's BM25Retriever re-scores
// every document on every query and takes a whitespace tokenizer; neither fits
// Chinese text or a corpus that grows.)

import { maxScoreTopK, termBounds, type TermPostings } from "./bm25-maxscore.js";
import { appended, postingCount, SegmentCursor, segmentsHold, type PostingList } from "./bm25-segments.js";
import { NO_REMOVALS, type Removals } from "./bm25-removals.js";
import { itemAt, uint32At } from "./indexed.js";

/**
 * Postings whose bounds are kept at once; past it the least recently used go. A word's bounds are
 * one float per 64 postings (bm25-maxscore.ts BLOCK), so this is ~125 MB at most.
 */
const BOUNDS_CACHE_POSTINGS = 1_000_000_000;

export type { PostingList } from "./bm25-segments.js";

/** What is stored (store-codec.ts): the postings of every word packed end to end. */
export interface Bm25Tables {
  k1: number;
  b: number;
  documentLengths: Uint32Array;
  terms: string[];
  /** Postings of terms[i] are documents/frequencies[termStarts[i] .. termStarts[i + 1]). */
  termStarts: Uint32Array;
  documents: Int32Array;
  frequencies: Uint32Array;
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
  /** Reused score buffer for searchExhaustive (zeroed again after each query). */
  private scratch?: Float64Array;
  /** Postings and bounds of the words queried so far (this snapshot's IDF and lengths). */
  private readonly termCache = new Map<string, TermPostings[]>();
  private cachedPostings = 0;
  /** Per document 1 − b + b · length / average, made at the first MaxScore search. */
  private lengthNorms?: Float64Array;

  private constructor(
    private readonly tables: Bm25Tables,
    private readonly termIds: Map<string, number>,
    /**
     * Words whose postings changed since the tables were packed (deltas), as segments: ascending,
     * disjoint, each later segment's documents after the earlier's; none = gone (bm25-segments.ts).
     */
    private readonly changed: Map<string, PostingList[]>,
    /** Every document's length; a removed one keeps its own, so its postings' bounds stay what they were. */
    private readonly documentLengths: Uint32Array,
    /** Searchable documents. */
    readonly size: number,
    private readonly removals: Removals = NO_REMOVALS,
  ) {
    let total = 0;
    for (let i = 0; i < documentLengths.length; i++) if (!removals.has(i)) total += uint32At(documentLengths, i);
    this.averageLength = total / Math.max(1, size);
  }

  static fromTables(tables: Bm25Tables): Bm25Index {
    const termIds = new Map(tables.terms.map((term, i) => [term, i]));
    const size = tables.liveDocuments ?? tables.documentLengths.length;
    return new Bm25Index(tables, termIds, new Map(), tables.documentLengths, size);
  }

  static build(documents: string[][], k1 = 1.2, b = 0.75): Bm25Index {
    const postings = new Map<string, number[]>(); // word → [document, frequency, document, frequency, …]
    documents.forEach((tokens, documentIndex) => {
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      for (const [token, count] of counts) {
        const list = postings.get(token);
        if (list) list.push(documentIndex, count);
        else postings.set(token, [documentIndex, count]);
      }
    });
    const lengths = Uint32Array.from(documents, (tokens) => tokens.length);
    return Bm25Index.fromTables(packTables(k1, b, lengths, postings, documents.length));
  }

  /** The tables to store, with every change folded in (removed documents: length 0, no postings). */
  toTables(): Bm25Tables {
    if (this.changed.size === 0 && this.documentLengths === this.tables.documentLengths) return this.tables;
    const postings = new Map<string, number[]>();
    for (const word of this.words()) {
      const pairs: number[] = [];
      for (const { documents, frequencies } of this.segmentsOf(word))
        documents.forEach(
          (document, i) => this.removals.has(document) || pairs.push(document, uint32At(frequencies, i)),
        );
      postings.set(word, pairs);
    }
    const lengths = this.documentLengths.map((length, i) => (this.removals.has(i) ? 0 : length));
    const { k1, b } = this.tables;
    return packTables(k1, b, lengths, postings, this.size);
  }

  /**
   * A new index with documents added (at the next indexes) and live ones removed; this
   * one is left as it was, so a search running on it sees one state. An addition appends a small
   * segment to each of its words' postings (bm25-segments.ts), so it copies in proportion to the page,
   * not to the words' lists. A removal copies no postings: its documents are marked removed (searches
   * pass over them, each word counts its removed postings out of its document frequency), as Lucene
   * marks deleted documents until a merge; toTables, at the next full build, leaves them out. Copying
   * a page's words' lists without its documents took 4–7 s per page of the build at 10,000× the seeds.
   */
  withChanges(added: Bm25Document[], removed: Bm25Document[]): Bm25Index {
    const changed = new Map(this.changed);
    const known = this.documentLengths.length;
    const documentLengths = new Uint32Array(known + added.length);
    documentLengths.set(this.documentLengths);
    // A removed index past the known ones is one of `added`, removed in the same change (several deltas
    // replayed at once): it keeps its index, with no postings. One removed already counts once.
    const addedAndGone = new Set<number>();
    const removedNow = new Map<number, Bm25Document>();
    for (const document of removed) {
      if (document.index >= known) addedAndGone.add(document.index);
      else if (!this.removals.has(document.index)) removedNow.set(document.index, document);
    }
    const removals = this.removals.with([...removedNow.values()], addedAndGone, (token, document) =>
      segmentsHold(this.segmentsOf(token), document),
    );
    // Added documents' counts grouped by word, so each word gets one segment per change, not one per chunk.
    const appendedTo = new Map<string, { documents: number[]; frequencies: number[] }>();
    let next = known;
    for (const { index, tokens } of added) {
      if (index !== next) throw new Error(`BM25 documents must be added in order: expected ${next}, got ${index}`);
      if (addedAndGone.has(index)) {
        next++;
        continue;
      }
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      for (const [token, count] of counts) {
        let tail = appendedTo.get(token);
        if (!tail) appendedTo.set(token, (tail = { documents: [], frequencies: [] }));
        tail.documents.push(index);
        tail.frequencies.push(count);
      }
      documentLengths[next++] = tokens.length;
    }
    for (const [token, tail] of appendedTo) {
      const segments = changed.get(token) ?? this.segmentsOf(token);
      changed.set(
        token,
        appended(segments, {
          documents: Int32Array.from(tail.documents),
          frequencies: Uint32Array.from(tail.frequencies),
        }),
      );
    }
    const size = this.size - removedNow.size + added.length - addedAndGone.size;
    return new Bm25Index(
      { ...this.tables, liveDocuments: size },
      this.termIds,
      changed,
      documentLengths,
      size,
      removals,
    );
  }

  /** Postings of a word in segments (a view on the packed tables, or a changed list's); none when it has none. */
  private segmentsOf(token: string): PostingList[] {
    const changed = this.changed.get(token);
    if (changed) return changed;
    const packed = this.packedPostings(token);
    return packed && packed.documents.length > 0 ? [packed] : [];
  }

  private packedPostings(token: string): PostingList | undefined {
    const id = this.termIds.get(token);
    if (id === undefined) return undefined;
    const { termStarts, documents, frequencies } = this.tables;
    const [start, end] = [uint32At(termStarts, id), uint32At(termStarts, id + 1)];
    return { documents: documents.subarray(start, end), frequencies: frequencies.subarray(start, end) };
  }

  /** Documents that contain every one of the words (ascending), at most `limit`. */
  documentsWithAll(tokens: string[], limit: number): number[] {
    const lists = [...new Set(tokens)]
      .map((token) => this.segmentsOf(token))
      .sort((left, right) => postingCount(left) - postingCount(right));
    if (lists.length === 0) return [];
    // The shortest list walked, the others probed from a cursor each (lists ascend): no Set of a
    // common word's 100,000 postings is built per call, as it was.
    const [shortest, ...rest] = lists as [PostingList[], ...PostingList[][]];
    const cursors = rest.map((segments) => new SegmentCursor(segments));
    const found: number[] = [];
    for (const { documents } of shortest) {
      for (const document of documents) {
        if (found.length >= limit) return found;
        if (this.removals.has(document)) continue;
        if (cursors.every((cursor) => cursor.holds(document))) found.push(document);
      }
    }
    return found;
  }

  /** Every word that some searchable document holds (deltas included). */
  words(): string[] {
    const packed = this.tables.terms.filter((term) => !this.changed.has(term));
    const changed = [...this.changed].filter(([, segments]) => segments.length > 0).map(([term]) => term);
    const all = [...packed, ...changed];
    // Only a word some removed document held can have lost every posting.
    if (!this.removals.any()) return all;
    return all.filter((word) => this.removals.removedIn(word) === 0 || this.documentFrequency(word) > 0);
  }

  /** Number of documents that contain the word. */
  documentFrequency(token: string): number {
    return postingCount(this.segmentsOf(token)) - this.removals.removedIn(token);
  }

  /**
   * Top `k` documents for the query words (of those `accepts`, when given); repeated query words
   * count once. MaxScore skipping
   * (bm25-maxscore.ts): the same documents and scores as `searchExhaustive`, fewer postings read.
   */
  search(queryTokens: string[], k: number, accepts?: (documentIndex: number) => boolean): ScoredIndex[] {
    // A word's segments go in one after another: a document is in one of them, so its score is the
    // same sum in the same order as the exhaustive walk's.
    const terms: TermPostings[] = [];
    for (const token of new Set(queryTokens)) terms.push(...this.termPostings(token));
    return maxScoreTopK(terms, k, this.removals.live(accepts));
  }

  /** A word's segments with its IDF and their bounds, one TermPostings each. */
  private termPostings(token: string): TermPostings[] {
    const cached = this.termCache.get(token);
    if (cached) {
      // Map order is insertion order: moved to the end, the first entry is the least recently used.
      this.termCache.delete(token);
      this.termCache.set(token, cached);
      return cached;
    }
    const segments = this.segmentsOf(token);
    if (segments.length === 0) return [];
    const count = postingCount(segments);
    const live = count - this.removals.removedIn(token);
    const idf = Math.log(1 + (this.size - live + 0.5) / (live + 0.5));
    for (const [word, old] of this.termCache) {
      if (this.cachedPostings + count <= BOUNDS_CACHE_POSTINGS) break;
      this.termCache.delete(word);
      this.cachedPostings -= postingCount(old);
    }
    const lengthNorms = this.normsOfLengths();
    const postings = segments.map(({ documents, frequencies }) => {
      const term = { documents, frequencies, idf, k1: this.tables.k1, lengthNorms };
      return { ...term, ...termBounds(term) };
    });
    this.termCache.set(token, postings);
    this.cachedPostings += count;
    return postings;
  }

  /** The exhaustive walk's length normalisation, per document, so MaxScore's floats are its floats. */
  private normsOfLengths(): Float64Array {
    if (this.lengthNorms) return this.lengthNorms;
    const { b } = this.tables;
    const norms = new Float64Array(this.documentLengths.length);
    for (let i = 0; i < norms.length; i++)
      norms[i] = 1 - b + (b * uint32At(this.documentLengths, i)) / this.averageLength;
    return (this.lengthNorms = norms);
  }

  /** Top `k` by scoring every posting of every query word: the reference `search` must match. */
  // Indexed reads with `!` kept on purpose in this walk and in selectTop: helpers that check each read made
  // the reference walk ~30 % slower (bench/bm25-bench.ts); the bounds are the loops' own.
  searchExhaustive(queryTokens: string[], k: number, accepts?: (documentIndex: number) => boolean): ScoredIndex[] {
    const { k1, b } = this.tables;
    const { documentLengths } = this;
    const documentCount = this.size;
    // A dense score array and the list of documents touched: no Map and no
    // object per posting, which dominated retrieval time on large corpora.
    // The sums are added in the same order as before, so scores are identical.
    const scores = (this.scratch ??= new Float64Array(documentLengths.length));
    const touched: number[] = [];
    for (const token of new Set(queryTokens)) {
      const segments = this.segmentsOf(token);
      const count = postingCount(segments) - this.removals.removedIn(token);
      const idf = Math.log(1 + (documentCount - count + 0.5) / (count + 0.5));
      for (const list of segments) {
        for (let i = 0; i < list.documents.length; i++) {
          const documentIndex = list.documents[i]!;
          const tf = list.frequencies[i]!;
          const lengthNorm = 1 - b + (b * documentLengths[documentIndex]!) / this.averageLength;
          if (scores[documentIndex] === 0) touched.push(documentIndex);
          scores[documentIndex] = scores[documentIndex]! + (idf * tf * (k1 + 1)) / (tf + k1 * lengthNorm);
        }
      }
    }
    const searchable = this.removals.live(accepts);
    const top = selectTop(searchable ? touched.filter(searchable) : touched, scores, k);
    const result = top.map((index) => ({ index, score: scores[index]! }));
    for (const index of touched) scores[index] = 0;
    return result;
  }
}

function packTables(
  k1: number,
  b: number,
  documentLengths: Uint32Array,
  postings: Map<string, number[]>,
  live: number,
): Bm25Tables {
  const terms = [...postings.keys()];
  const lists = [...postings.values()];
  const termStarts = new Uint32Array(terms.length + 1);
  let total = 0;
  lists.forEach((pairs, i) => (termStarts[i + 1] = total += pairs.length / 2));
  const documents = new Int32Array(total);
  const frequencies = new Uint32Array(documents.length);
  let filled = 0;
  for (const pairs of lists) {
    // pairs: document, frequency, document, frequency, …
    for (let j = 0; j + 1 < pairs.length; j += 2, filled++) {
      documents[filled] = itemAt(pairs, j);
      frequencies[filled] = itemAt(pairs, j + 1);
    }
  }
  const liveDocuments = live === documentLengths.length ? {} : { liveDocuments: live };
  return { k1, b, documentLengths, terms, termStarts, documents, frequencies, ...liveDocuments };
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
