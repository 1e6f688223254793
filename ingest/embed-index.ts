// The ingest stages after chunking: cut the chunk texts into words, count them (BM25 and, for
// the local embedder, IDF), embed them and insert the vectors into the HNSW graph. The local
// embedder runs it all on worker threads in shards (parallel-ingest.ts); a remote embedder
// (EMBEDDINGS=openai) is waited on here, and its vectors go into one graph.
import path from "node:path";
import { Bm25Index, type Bm25Tables } from "./bm25.js";
import { LocalHashEmbeddings, type EmbedderSettings, type IdfTable } from "./embed.js";
import { createOpenAIEmbeddings } from "./embedder-factory.js";
import { IngestError } from "./errors.js";
import { buildShards } from "./parallel-ingest.js";
import { Segmenter } from "./segment.js";
import { stageTimer } from "./stage-timer.js";
import type { HnswParameters } from "./store.js";
import { buildGraphFile } from "./vector-graph.js";
import { itemAt } from "./indexed.js";

const EMBED_BATCH = 64;

export interface EmbedIndexOptions {
  texts: string[];
  userDictionary: string;
  embedder: EmbedderSettings;
  /** false: words and counts only, the graph shards left empty (pipeline.ts, buildsVectors). */
  vectors: boolean;
  hnsw: HnswParameters;
  threads: number;
  minChunksPerShard?: number;
  graphDir: string;
  onProgress?: (progress: { stage: string; done: number; total: number }) => void;
}

export interface EmbeddedIndex {
  lexical: Bm25Tables;
  idf?: IdfTable;
  graph: { dimensions: number; shards: Array<{ file: string; firstLabel: number }> };
  /** Milliseconds per stage, for the ingest summary. */
  stageMs: Record<string, number>;
}

export async function embedAndIndex(options: EmbedIndexOptions): Promise<EmbeddedIndex> {
  const { embedder, texts } = options;
  if (embedder.kind === "local") {
    const built = await buildShards({ ...options, dimensions: embedder.dimensions });
    const graph = { dimensions: embedder.dimensions, shards: built.shards };
    return { lexical: built.lexical, idf: built.idf, graph, stageMs: built.stageMs };
  }
  const { stageMs, timed } = stageTimer();
  const segmenter = new Segmenter(options.userDictionary);
  const lexical = await timed("cut+count", () =>
    Bm25Index.build(texts.map((text) => segmenter.tokens(text))).toTables(),
  );
  const vectors = await timed("embed", () => embedRemotely(embedder, texts, options.onProgress));
  const dimensions = vectors[0]?.length ?? 1;
  const file = path.join(options.graphDir, "shard-0.index");
  const graphOptions = { dimensions, hnsw: options.hnsw, firstLabel: 0, count: vectors.length };
  await timed("graph", () => buildGraphFile(file, graphOptions, (i) => itemAt(vectors, i)));
  return { lexical, graph: { dimensions, shards: [{ file, firstLabel: 0 }] }, stageMs };
}

export interface EmbeddedRows {
  /** Each chunk's words, as BM25 counts them. */
  tokens: string[][];
  vectors: Float32Array[];
  dimensions: number;
  idf?: IdfTable;
  stageMs: Record<string, number>;
}

/**
 * Each chunk's words and vector, on this thread, for a store that indexes them itself (PostgreSQL
 * + pgvector builds its own graph and counts BM25 in SQL): no graph is built here.
 */
export async function embedRows(
  options: Pick<EmbedIndexOptions, "texts" | "userDictionary" | "embedder" | "onProgress">,
): Promise<EmbeddedRows> {
  const { embedder, texts, onProgress } = options;
  const { stageMs, timed } = stageTimer();
  const segmenter = new Segmenter(options.userDictionary);
  // Each chunk is cut by jieba once: the local embedder and BM25 share the words.
  const tokens = await timed("cut", () => texts.map((text) => segmenter.tokens(text)));
  if (embedder.kind !== "local") {
    const vectors = await timed("embed", () => embedRemotely(embedder, texts, onProgress));
    return { tokens, vectors, dimensions: vectors[0]?.length ?? 1, stageMs };
  }
  const embeddings = new LocalHashEmbeddings(segmenter, embedder.dimensions);
  return timed("embed", () => {
    const idf = embeddings.fit(texts, tokens);
    const vectors = texts.map((text, i) => {
      if ((i + 1) % EMBED_BATCH === 0 || i + 1 === texts.length)
        onProgress?.({ stage: "embed", done: i + 1, total: texts.length });
      // Float32Array: what the store keeps anyway, at half the memory and off the JS heap.
      return Float32Array.from(embeddings.unitVector(text, tokens[i]));
    });
    return { tokens, vectors, dimensions: embedder.dimensions, idf, stageMs };
  });
}

async function embedRemotely(
  settings: Extract<EmbedderSettings, { kind: "openai" }>,
  texts: string[],
  onProgress?: EmbedIndexOptions["onProgress"],
): Promise<Float32Array[]> {
  const embeddings = createOpenAIEmbeddings(settings);
  const vectors: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    try {
      for (const vector of await embeddings.embedDocuments(texts.slice(i, i + EMBED_BATCH)))
        vectors.push(Float32Array.from(vector));
    } catch (error) {
      throw new IngestError(
        "embedder_unavailable",
        `The openai embedder failed: ${(error as Error).message}. Check OPENAI_BASE_URL / OPENAI_API_KEY, or use EMBEDDINGS=local. The existing index was not changed.`,
      );
    }
    onProgress?.({ stage: "embed", done: Math.min(texts.length, i + EMBED_BATCH), total: texts.length });
  }
  return vectors;
}
