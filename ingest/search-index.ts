// A searchable snapshot of the index: the stored files plus the segmenter, the
// query embedder, BM25 and an article lookup. A snapshot never changes once
// made; applying a change (a delta) returns the next snapshot, which shares
// what did not change. Requests keep the snapshot they started on, so a switch
// never fails an answer in flight.
//
// The HNSW graph is the one shared, mutable piece (copying it per change would
// cost the whole corpus): new points get labels past every older snapshot's
// chunks, which those snapshots filter out, and removed points are marked
// deleted for all (an older snapshot then finds fewer, never a missing article).
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { LayeredArticles, type ArticleLookup } from "./article-lookup.js";
import type { Article } from "./articles.js";
import { Bm25Index, type Bm25Document, type ScoredIndex } from "./bm25.js";
import { embedderIdentity, LocalHashEmbeddings, type EmbedderSettings } from "./embed.js";
import { createEmbeddings } from "./embedder-factory.js";
import { embeddingText } from "./prepare.js";
import { Segmenter } from "./segment.js";
import { decodeVectors, type AddDelta, type Delta, type RemoveDelta } from "./store-delta.js";
import { corrupt, loadIndex, type StoredIndex } from "./store.js";
import { itemAt, mustGet } from "./indexed.js";

/**
 * Where a snapshot's retrieval candidates come from: hnswlib and BM25 in this process (the local
 * store), or SQL (the PostgreSQL store). Results name chunks by their position in `chunks`.
 */
export interface ChunkSearch {
  /** Nearest chunks to an embedded question by cosine similarity (score = similarity). */
  vector(query: number[], k: number, accepts?: ChunkFilter): Promise<ScoredIndex[]>;
  /** Chunks ranked by BM25 over the question's words. */
  lexical(tokens: string[], k: number, accepts?: ChunkFilter): Promise<ScoredIndex[]>;
}

/** The chunks (by position in `chunks`) a search may return, applied while searching so k still come back. */
export type ChunkFilter = (chunkIndex: number) => boolean;

/** What answering reads of a corpus snapshot, whichever store holds it. */
export interface SearchIndex extends Omit<StoredIndex, "deltas" | "vectorStore" | "lexical"> {
  segmenter: Segmenter;
  embeddings: EmbeddingsInterface;
  /** Word statistics (document frequencies) and the postings the answerer's definition search uses. */
  bm25: Bm25Index;
  /** Searchable articles only. */
  articleById: ArticleLookup;
  search: ChunkSearch;
}

/** A snapshot of the local store: the HNSW graph and BM25 live in this process. */
export interface LocalSearchIndex extends SearchIndex {
  vectorStore: StoredIndex["vectorStore"];
  articleById: LayeredArticles;
}

/** hnswlib and BM25 over one local snapshot. */
function localSearch(index: Omit<LocalSearchIndex, "search">): ChunkSearch {
  return {
    async vector(query, k, accepts) {
      const graph = index.vectorStore.index;
      const count = Math.min(k, index.bm25.size);
      if (count === 0) return [];
      // The graph is shared with newer snapshots: points added after this one are not ours.
      const known = index.chunks.length;
      const ours = graph.getCurrentCount() > known ? (label: number) => label < known : undefined;
      const filter = accepts && ours ? (label: number) => ours(label) && accepts(label) : (accepts ?? ours);
      const result = filter ? graph.searchKnn(query, count, filter) : graph.searchKnn(query, count);
      // hnswlib's cosine space returns distance = 1 − cosine similarity.
      return result.neighbors.map((label, i) => ({ index: label, score: 1 - (result.distances[i] ?? 1) }));
    },
    async lexical(tokens, k, accepts) {
      return index.bm25.search(tokens, k, accepts);
    },
  };
}

function withLocalSearch(index: Omit<LocalSearchIndex, "search">): LocalSearchIndex {
  return { ...index, search: localSearch(index) };
}

/** Load the index at `indexDir`, replay its deltas, and make it searchable with the configured embedder. */
export async function openSearchIndex(indexDir: string, embedder: EmbedderSettings): Promise<LocalSearchIndex> {
  let segmenter = new Segmenter();
  const { deltas, ...stored } = await loadIndex(indexDir, embedderIdentity(embedder), (userDictionary) => {
    segmenter = new Segmenter(userDictionary);
    return createEmbeddings(embedder, segmenter);
  });
  const embeddings = stored.vectorStore.embeddings;
  if (embeddings instanceof LocalHashEmbeddings && stored.idf) embeddings.useIdf(stored.idf);
  const { lexical, ...rest } = stored;
  let index = withLocalSearch({
    ...rest,
    segmenter,
    embeddings,
    bm25: Bm25Index.fromTables(lexical),
    articleById: LayeredArticles.of(stored.articles),
  });
  for (const [i, delta] of deltas.entries()) index = applyDelta(index, delta, stored.manifest.deltas[i] ?? "delta");
  return index;
}

/** The snapshot after `delta`. The shared HNSW graph is changed in place (see the top of this file). */
export function applyDelta(index: LocalSearchIndex, delta: Delta, label = "delta"): LocalSearchIndex {
  return delta.kind === "add" ? applyAdd(index, delta, label) : applyRemove(index, delta);
}

function applyAdd(index: LocalSearchIndex, delta: AddDelta, label: string): LocalSearchIndex {
  const graph = index.vectorStore.index;
  if (delta.firstLabel !== index.chunks.length)
    throw corrupt(label, `it adds labels from ${delta.firstLabel}, but the index has ${index.chunks.length}`);
  // An index built without vectors (Manifest.vectors) gets none with its uploads either.
  const withVectors = index.manifest.vectors !== false;
  const vectors = withVectors ? decodeVectors(delta.vectors, delta.chunks.length) : [];
  if (vectors.some((vector) => vector.length !== graph.getNumDimensions()))
    throw corrupt(label, `its vectors do not have ${graph.getNumDimensions()} dimensions`);
  const needed = delta.firstLabel + delta.chunks.length;
  // Grow by a quarter at least: resizing copies the graph, so not once per page.
  if (withVectors && needed > graph.getMaxElements())
    graph.resizeIndex(Math.max(needed, Math.ceil(graph.getMaxElements() * 1.25)));
  const byId = new Map(delta.articles.map((article) => [article.docId, article]));
  const added: Bm25Document[] = [];
  delta.chunks.forEach((chunk, i) => {
    const chunkLabel = delta.firstLabel + i;
    const text = embeddingText(mustGet(byId, chunk.docId, "articles by id"), chunk);
    // hnswlib-node takes plain arrays.
    if (withVectors) graph.addPoint(Array.from(itemAt(vectors, i)), chunkLabel);
    added.push({ index: chunkLabel, tokens: index.segmenter.tokens(text) });
  });
  const articles = index.articles.concat(delta.articles);
  return withLocalSearch({
    ...index,
    articles,
    chunks: index.chunks.concat(delta.chunks),
    bm25: index.bm25.withChanges(added, []),
    articleById: index.articleById.changed(articles, delta.articles, []),
  });
}

function applyRemove(index: LocalSearchIndex, delta: RemoveDelta): LocalSearchIndex {
  const graph = index.vectorStore.index;
  const removed: Bm25Document[] = [];
  for (const chunkLabel of delta.labels) {
    const chunk = index.chunks[chunkLabel];
    const article = chunk && index.articleById.get(chunk.docId);
    if (!chunk || !article) continue; // already gone
    removed.push({ index: chunkLabel, tokens: index.segmenter.tokens(embeddingText(article, chunk)) });
    try {
      graph.markDelete(chunkLabel);
    } catch {
      // marked already (a snapshot re-applying a change another one made)
    }
  }
  const articles: Article[] = [];
  const gone: string[] = [];
  for (const article of index.articles)
    if (article.sourceId === delta.sourceId) gone.push(article.docId);
    else articles.push(article);
  return withLocalSearch({
    ...index,
    articles,
    bm25: index.bm25.withChanges([], removed),
    articleById: index.articleById.changed(articles, [], gone),
  });
}

/** Labels of a source's chunks in this snapshot. */
export function labelsOf(index: SearchIndex, sourceId: string): number[] {
  const docIds = new Set(
    index.articles.filter((article) => article.sourceId === sourceId).map((article) => article.docId),
  );
  const labels: number[] = [];
  index.chunks.forEach((chunk, label) => docIds.has(chunk.docId) && labels.push(label));
  return labels;
}
