// The ingest stages after chunking: cut the chunk texts into words, count them (BM25 and, for
// the local embedder, IDF), embed them and insert the vectors into the HNSW graph. The local
// embedder runs it all on worker threads in shards (parallel-ingest.ts); a remote embedder
// (EMBEDDINGS=openai) is waited on here, and its vectors go into one graph.
import path from "node:path";
import { Bm25Index, type Bm25Tables } from "./bm25.js";
import type { EmbedderSettings, IdfTable } from "./embed.js";
import { createOpenAIEmbeddings } from "./embedder-factory.js";
import { IngestError } from "./errors.js";
import { buildShards } from "./parallel-ingest.js";
import { Segmenter } from "./segment.js";
import type { HnswParameters } from "./store.js";
import { buildGraphFile } from "./vector-graph.js";

const EMBED_BATCH = 64;

export interface EmbedIndexOptions {
  texts: string[];
  userDictionary: string;
  embedder: EmbedderSettings;
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
  const stageMs: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    const result = await work();
    stageMs[stage] = Math.round(performance.now() - started);
    return result;
  };
  const segmenter = new Segmenter(options.userDictionary);
  const lexical = await timed("cut+count", () =>
    Bm25Index.build(texts.map((text) => segmenter.tokens(text))).toTables(),
  );
  const vectors = await timed("embed", () => embedRemotely(embedder, texts, options.onProgress));
  const dimensions = vectors[0]?.length ?? 1;
  const file = path.join(options.graphDir, "shard-0.index");
  const graphOptions = { dimensions, hnsw: options.hnsw, firstLabel: 0, count: vectors.length };
  await timed("graph", () => buildGraphFile(file, graphOptions, (i) => vectors[i]!));
  return { lexical, graph: { dimensions, shards: [{ file, firstLabel: 0 }] }, stageMs };
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
