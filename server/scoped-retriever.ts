// Retrieval limited to a scope: the same hybrid search, with every candidate
// outside the allowed articles filtered out before fusion, so a scoped question
// still gets its full number of candidates from inside the scope (a post-filter
// on the unscoped top 30 would leave a small province with almost none).
import { DEFAULT_FUSION, Retriever, type FusionOptions, type RetrievedChunk, type SearchIndex } from "./retrieval.js";

export class ScopedRetriever extends Retriever {
  constructor(
    index: SearchIndex,
    /** docIds of the articles in scope. */
    private readonly allowed: ReadonlySet<string>,
    fusion: FusionOptions = DEFAULT_FUSION,
  ) {
    super(index, fusion);
  }

  private allows(chunkIndex: number): boolean {
    const chunk = this.index.chunks[chunkIndex];
    return chunk !== undefined && this.allowed.has(chunk.docId);
  }

  override async vectorSearch(
    question: string,
    k = this.fusion.candidates,
  ): Promise<Array<{ index: number; score: number }>> {
    if (this.allowed.size === 0) return [];
    const store = this.index.vectorStore;
    const query = await this.index.embeddings.embedQuery(question);
    const count = Math.min(k, store.index.getCurrentCount());
    if (count === 0 || query.every((value) => value === 0)) return [];
    // hnswlib filters while it searches, so k results come back whenever k chunks are in scope.
    const result = store.index.searchKnn(query, count, (label) => this.allows(label));
    return result.neighbors.map((label, i) => ({ index: label, score: 1 - (result.distances[i] ?? 1) }));
  }

  override lexicalSearch(question: string, k = this.fusion.candidates): Array<{ index: number; score: number }> {
    if (this.allowed.size === 0) return [];
    // BM25 ranks every matching chunk; keep the best k inside the scope.
    const ranked = this.index.bm25.search(this.index.segmenter.tokens(question), this.index.bm25.size);
    return ranked.filter((hit) => this.allows(hit.index)).slice(0, k);
  }

  override definitionSearch(term: string, k = 4): RetrievedChunk[] {
    return super
      .definitionSearch(term, this.index.chunks.length)
      .filter((hit) => this.allowed.has(hit.article.docId))
      .slice(0, k);
  }
}
