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
import type { Chunk } from "./chunk.js";
import type { ShardedGraph } from "./vector-graph.js";
import { mustGet } from "./indexed.js";

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
  const index = withLocalSearch({
    ...rest,
    segmenter,
    embeddings,
    bm25: Bm25Index.fromTables(lexical),
    articleById: LayeredArticles.of(stored.articles),
  });
  return deltas.length === 0 ? index : replayDeltas(index, deltas, stored.manifest.deltas);
}

/** The snapshot after `delta`. The shared HNSW graph is changed in place (see the top of this file). */
export function applyDelta(index: LocalSearchIndex, delta: Delta, label = "delta"): LocalSearchIndex {
  return delta.kind === "add" ? applyAdd(index, delta, label) : applyRemove(index, delta);
}

function applyAdd(index: LocalSearchIndex, delta: AddDelta, label: string): LocalSearchIndex {
  if (delta.firstLabel !== index.chunks.length)
    throw corrupt(label, `it adds labels from ${delta.firstLabel}, but the index has ${index.chunks.length}`);
  // An index built without vectors (Manifest.vectors) gets none with its uploads either.
  const withVectors = index.manifest.vectors !== false;
  const vectors = withVectors ? decodeVectors(delta.vectors, delta.chunks.length) : [];
  addPoints(index.vectorStore.index, vectors, delta.firstLabel, label);
  const byId = new Map(delta.articles.map((article) => [article.docId, article]));
  const added: Bm25Document[] = delta.chunks.map((chunk, i) => ({
    index: delta.firstLabel + i,
    tokens: index.segmenter.tokens(embeddingText(mustGet(byId, chunk.docId, "articles by id"), chunk)),
  }));
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
    markDeleted(graph, chunkLabel);
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

/**
 * The snapshot after every one of `deltas` in order (an index opened with the changes made since its
 * build): what applying them one by one gives, the graph changed in the same order, but the corpus-sized
 * parts — chunk and article lists, document lengths, the article lookup — copied once, not once per
 * delta, and each word's postings appended once. At 10,000× the seeds a delta replayed by itself copied
 * ~0.3 s of them; opening the index with 25 deltas took 19–21 s instead of 8–13 s.
 */
export function replayDeltas(index: LocalSearchIndex, deltas: Delta[], names: string[] = []): LocalSearchIndex {
  const graph = index.vectorStore.index;
  const withVectors = index.manifest.vectors !== false;
  const known = index.chunks.length;
  const chunks: Chunk[] = [];
  /** Tokens of the added chunks by label − known; removed ones in `addedAndGone`. */
  const addedTokens: string[][] = [];
  const addedAndGone = new Set<number>();
  const removedKnown: Bm25Document[] = [];
  /** Articles added so far and still there, in order of addition, by docId. */
  let added = new Map<string, Article>();
  const goneSources = new Set<string>();
  // What the one-by-one replay's snapshot would hold for a docId at this point of the replay.
  const articleOf = (docId: string) => {
    const built = index.articleById.get(docId);
    return added.get(docId) ?? (built && !goneSources.has(built.sourceId) ? built : undefined);
  };
  for (const [i, delta] of deltas.entries()) {
    const name = names[i] ?? "delta";
    if (delta.kind === "add") {
      const firstLabel = known + chunks.length;
      if (delta.firstLabel !== firstLabel)
        throw corrupt(name, `it adds labels from ${delta.firstLabel}, but the index has ${firstLabel}`);
      addPoints(graph, withVectors ? decodeVectors(delta.vectors, delta.chunks.length) : [], firstLabel, name);
      const byId = new Map(delta.articles.map((article) => [article.docId, article]));
      for (const chunk of delta.chunks) {
        const text = embeddingText(mustGet(byId, chunk.docId, "articles by id"), chunk);
        addedTokens.push(index.segmenter.tokens(text));
        chunks.push(chunk);
      }
      for (const article of delta.articles) added.set(article.docId, article);
      continue;
    }
    for (const label of delta.labels) {
      const chunk = label < known ? index.chunks[label] : chunks[label - known];
      const article = chunk && articleOf(chunk.docId);
      if (!chunk || !article) continue; // already gone
      if (label < known)
        removedKnown.push({ index: label, tokens: index.segmenter.tokens(embeddingText(article, chunk)) });
      else addedAndGone.add(label);
      markDeleted(graph, label);
    }
    goneSources.add(delta.sourceId);
    added = new Map([...added].filter(([, article]) => article.sourceId !== delta.sourceId));
  }
  const kept =
    goneSources.size === 0 ? index.articles : index.articles.filter((article) => !goneSources.has(article.sourceId));
  const addedArticles = [...added.values()];
  const articles = kept.concat(addedArticles);
  const bm25Added = addedTokens.map((tokens, i) => ({ index: known + i, tokens }));
  const bm25Removed = [...removedKnown, ...[...addedAndGone].map((label) => ({ index: label, tokens: [] }))];
  const goneKnown = index.articles
    .filter((article) => goneSources.has(article.sourceId))
    .map((article) => article.docId);
  return withLocalSearch({
    ...index,
    articles,
    chunks: index.chunks.concat(chunks),
    bm25: index.bm25.withChanges(bm25Added, bm25Removed),
    articleById: index.articleById.changed(articles, addedArticles, goneKnown),
  });
}

/** Adds a delta's vectors to the shared graph at labels from `firstLabel` (none: an index without vectors). */
function addPoints(graph: ShardedGraph, vectors: Float32Array[], firstLabel: number, name: string): void {
  if (vectors.length === 0) return;
  if (vectors.some((vector) => vector.length !== graph.getNumDimensions()))
    throw corrupt(name, `its vectors do not have ${graph.getNumDimensions()} dimensions`);
  const needed = firstLabel + vectors.length;
  // Grow by a quarter at least: resizing copies the graph, so not once per page.
  if (needed > graph.getMaxElements()) graph.resizeIndex(Math.max(needed, Math.ceil(graph.getMaxElements() * 1.25)));
  // hnswlib-node takes plain arrays.
  vectors.forEach((vector, i) => graph.addPoint(Array.from(vector), firstLabel + i));
}

function markDeleted(graph: ShardedGraph, label: number): void {
  try {
    graph.markDelete(label);
  } catch {
    // marked already (a snapshot re-applying a change another one made)
  }
}

/**
 * Labels of a source's live chunks in this snapshot. A page removed and uploaded again has its chunks
 * twice, under the same ids: the older labels are gone already, and removing them again counted them
 * twice out of BM25's documents.
 */
export function labelsOf(index: SearchIndex, sourceId: string): number[] {
  const docIds = new Set(
    index.articles.filter((article) => article.sourceId === sourceId).map((article) => article.docId),
  );
  const latest = new Map<string, number>();
  index.chunks.forEach((chunk, label) => docIds.has(chunk.docId) && latest.set(chunk.chunkId, label));
  return [...latest.values()].sort((left, right) => left - right);
}
