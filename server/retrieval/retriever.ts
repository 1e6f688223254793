// Hybrid retrieval: HNSW vector search ∪ BM25 over jieba words, fused with
// weighted reciprocal rank fusion. RRF needs no score calibration between the
// two (cosine similarities and BM25 scores live on different scales), and the
// eval compares it with either retriever alone (`npm run sweep`).
import type { Article } from "../../ingest/articles.js";
import type { Chunk } from "../../ingest/chunk.js";
import type { SearchIndex } from "../../ingest/search-index.js";
import { itemAt, mustGet } from "../../ingest/indexed.js";
import { charBigrams } from "../../ingest/segment.js";
import { normalizeForMatch } from "../../ingest/text.js";

export { openSearchIndex, type SearchIndex } from "../../ingest/search-index.js";

export interface RetrievedChunk {
  chunk: Chunk;
  article: Article;
  /** Fused score (higher is better). */
  score: number;
  vectorRank?: number;
  vectorSimilarity?: number;
  lexicalRank?: number;
  lexicalScore?: number;
}

export interface FusionOptions {
  /** Candidates taken from each retriever before fusing. */
  candidates: number;
  /** The RRF constant: larger flattens the advantage of the top ranks. */
  rrfK: number;
  vectorWeight: number;
  lexicalWeight: number;
  /**
   * Which vector hits count: "all" (plain RRF); "margin", those above similarityFloor(candidates,
   * vectorMarginZ); "unknown-words", all of them but only for questions with a word the lexicon does
   * not hold; "margin-unless-unknown", all for such questions, above the margin for the others;
   * "none", no vector search at all (BM25 alone).
   */
  vectorGate: "all" | "margin" | "unknown-words" | "margin-unless-unknown" | "none";
  vectorMarginZ: number;
  /**
   * Added to a fused score per unit of phrase coverage: the share of the question's character
   * bigrams the chunk holds. 0 turns it off. See questionBigrams for why.
   */
  phraseWeight: number;
}

// Weights chosen on the eval dev split (npm run sweep): lexical 2 : vector 1 finds the
// gold passage first more often (R@1 0.841 vs 0.810) at the same article recall.
export const DEFAULT_FUSION: FusionOptions = {
  candidates: 30,
  rrfK: 60,
  vectorWeight: 1,
  lexicalWeight: 2,
  // bench/fusion-recall.ts and the dev eval (README, "Score-aware fusion"): with the hashed local
  // embedder, hybrid recall stays ≥ BM25's at 1×, 100× and 1000× only when look-alike neighbours are
  // held back. At 512 dimensions that holds for every question ("margin"); letting all vector hits
  // count for questions with a word the lexicon lacks ("margin-unless-unknown", chosen at 1024)
  // dropped 1× dev passage recall@5 to 0.856 against BM25's 0.900.
  vectorGate: "margin",
  vectorMarginZ: 2.5,
  phraseWeight: 0.05,
};

export class Retriever {
  /** The chunks (by index) this retriever may return; unset, every chunk of the snapshot (a scope narrows it). */
  protected acceptsChunk: ((chunkIndex: number) => boolean) | undefined;

  constructor(
    readonly index: SearchIndex,
    readonly fusion: FusionOptions = DEFAULT_FUSION,
  ) {}

  async retrieve(question: string, k = 5): Promise<RetrievedChunk[]> {
    const tokens = this.index.segmenter.tokens(question);
    const { vectorGate, vectorMarginZ } = this.fusion;
    const known = tokens.length > 0 && tokens.every((token) => this.index.bm25.documentFrequency(token) > 0);
    const [lexicalHits, vectorHits] = await Promise.all([
      this.index.search.lexical(tokens, this.fusion.candidates, this.acceptsChunk),
      vectorGate === "none" || (vectorGate === "unknown-words" && known) ? [] : this.vectorSearch(question),
    ]);
    const margin = vectorGate === "margin" || (vectorGate === "margin-unless-unknown" && known);
    const floor = margin ? similarityFloor(vectorHits, vectorMarginZ) : -Infinity;
    const fused = new Map<number, RetrievedChunk>();
    const entry = (chunkIndex: number): RetrievedChunk => {
      let hit = fused.get(chunkIndex);
      if (!hit) {
        const chunk = itemAt(this.index.chunks, chunkIndex);
        hit = { chunk, article: mustGet(this.index.articleById, chunk.docId, "articles by id"), score: 0 };
        fused.set(chunkIndex, hit);
      }
      return hit;
    };
    const { rrfK, vectorWeight, lexicalWeight } = this.fusion;
    lexicalHits.forEach(({ index, score }, rank) => {
      const hit = entry(index);
      Object.assign(hit, { lexicalRank: rank + 1, lexicalScore: score });
      hit.score += lexicalWeight / (rrfK + rank + 1);
    });
    vectorHits.forEach(({ index, score }, rank) => {
      // Below the floor a vector hit adds nothing, but a chunk BM25 found still says where the vectors put it.
      if (score < floor && !fused.has(index)) return;
      const hit = entry(index);
      Object.assign(hit, { vectorRank: rank + 1, vectorSimilarity: score });
      if (score >= floor) hit.score += vectorWeight / (rrfK + rank + 1);
    });
    if (this.fusion.phraseWeight > 0) {
      const grams = questionBigrams(question);
      for (const hit of fused.values()) hit.score += this.fusion.phraseWeight * phraseCoverage(grams, hit.chunk.text);
    }
    return [...fused.values()]
      .sort((left, right) => right.score - left.score || left.chunk.chunkId.localeCompare(right.chunk.chunkId))
      .slice(0, k);
  }

  /** Nearest chunks by cosine similarity, as chunk indexes. */
  async vectorSearch(question: string, k = this.fusion.candidates): Promise<Array<{ index: number; score: number }>> {
    if (this.index.manifest.vectors === false) return []; // built without vectors: BM25 alone
    const query = await this.index.embeddings.embedQuery(question);
    // A question with no features (punctuation only) embeds to the zero vector, which is
    // equally far from every chunk: nearest neighbours of it would be arbitrary.
    if (query.every((value) => value === 0)) return [];
    return this.index.search.vector(query, k, this.acceptsChunk);
  }

  /**
   * Chunks holding a sentence that opens with `term` ("产业链党建一头连着组织…"): the
   * usual shape of a definition, which ranking by term frequency does not favour.
   */
  definitionSearch(term: string, k = 4): RetrievedChunk[] {
    const tokens = this.index.segmenter.tokens(term);
    const found: RetrievedChunk[] = [];
    const opensWithTerm = new RegExp(`(?:^|[。！？；\\n])\\s*${escapeRegExp(term)}`);
    for (const chunkIndex of this.index.bm25.documentsWithAll(tokens, 500)) {
      const chunk = itemAt(this.index.chunks, chunkIndex);
      if (this.acceptsChunk?.(chunkIndex) === false || !opensWithTerm.test(chunk.text)) continue;
      found.push({ chunk, article: mustGet(this.index.articleById, chunk.docId, "articles by id"), score: 0 });
      if (found.length >= k) break;
    }
    return found;
  }

  lexicalSearch(question: string, k = this.fusion.candidates): Promise<Array<{ index: number; score: number }>> {
    return this.index.search.lexical(this.index.segmenter.tokens(question), k, this.acceptsChunk);
  }
}

/**
 * The similarity a vector hit must reach to count: `z` standard deviations above the mean of
 * the query's own candidates. A hashed bag-of-words embedder gives many near-equal neighbours
 * (every marker chunk looks alike to it); only a neighbour that stands out of that crowd is evidence.
 */
export function similarityFloor(hits: Array<{ score: number }>, z: number): number {
  if (hits.length < 2) return -Infinity;
  const mean = hits.reduce((sum, hit) => sum + hit.score, 0) / hits.length;
  const variance = hits.reduce((sum, hit) => sum + (hit.score - mean) ** 2, 0) / hits.length;
  return mean + z * Math.sqrt(variance);
}

/**
 * The question's distinct character bigrams (CJK runs; Latin words and numbers whole). jieba cuts
 * a name it does not know by its context, so "甲庚巳甲" in a question and in the article can become
 * different words, and bag-of-words BM25 then cannot tell it from "翡庚巳甲"; bigrams of the text
 * itself can, as CJK bigram indexes do (Lucene's CJKBigramFilter).
 */
export function questionBigrams(question: string): Set<string> {
  return new Set(charBigrams(question).filter((gram) => gram.length >= 2));
}

/** Share of `grams` that occur in `text` (0 when there are none). */
export function phraseCoverage(grams: Set<string>, text: string): number {
  if (grams.size === 0) return 0;
  const normalized = normalizeForMatch(text);
  let found = 0;
  for (const gram of grams) if (normalized.includes(gram)) found++;
  return found / grams.size;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
