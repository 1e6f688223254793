// Retrieval limited to a scope: the same hybrid search, with every candidate
// outside the allowed articles filtered out before fusion, so a scoped question
// still gets its full number of candidates from inside the scope (a post-filter
// on the unscoped top 30 would leave a small province with almost none).
import { DEFAULT_FUSION, Retriever, type FusionOptions, type RetrievedChunk, type SearchIndex } from "./retriever.js";

export class ScopedRetriever extends Retriever {
  constructor(
    index: SearchIndex,
    /** docIds of the articles in scope. */
    private readonly allowed: ReadonlySet<string>,
    fusion: FusionOptions = DEFAULT_FUSION,
  ) {
    super(index, fusion);
    // Only this snapshot's chunks (the HNSW graph is shared with newer ones), and only those in scope:
    // hnswlib and BM25 filter while they search, so k results come back whenever k chunks are in scope.
    this.acceptsChunk = (chunkIndex) => {
      const chunk = this.index.chunks[chunkIndex];
      return chunk !== undefined && this.allowed.has(chunk.docId);
    };
  }

  override async retrieve(question: string, k?: number): Promise<RetrievedChunk[]> {
    // An empty scope finds nothing, without a filtered search that would visit the whole graph.
    return this.allowed.size === 0 ? [] : super.retrieve(question, k);
  }

  override definitionSearch(term: string, k?: number): RetrievedChunk[] {
    return this.allowed.size === 0 ? [] : super.definitionSearch(term, k);
  }
}
