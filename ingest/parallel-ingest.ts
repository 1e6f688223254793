// Cutting, counting, embedding and HNSW insertion of a local-embedder ingest on every core: the
// chunks are split into consecutive shards, one per worker thread (shard-builder.ts). Each worker
// cuts its chunks and counts their features and BM25 postings; the counts are summed here into
// the corpus's IDF and BM25 tables (the same tables a serial build makes, bm25-merge.ts); then each
// worker embeds its chunks with that IDF into its own graph file. The graph shards are searched
// together (vector-graph.ts). A corpus too small to be worth a thread is built the same way here.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Bm25Tables } from "./bm25.js";
import { mergeBm25Tables } from "./bm25-merge.js";
import { idfFromFrequencies, type IdfTable } from "./embed.js";
import {
  ShardBuilder,
  type ShardCounts,
  type ShardGraphRequest,
  type ShardInput,
  type WorkerReply,
} from "./shard-builder.js";
import type { HnswParameters } from "./store.js";
import { itemAt } from "./indexed.js";

/** Below this many chunks per extra thread, one thread: a worker costs ~0.5 s to start (tsx, jieba). */
export const MIN_CHUNKS_PER_SHARD = 5_000;

export interface ShardedBuildOptions {
  texts: string[];
  userDictionary: string;
  dimensions: number;
  /** false: each shard's graph is written empty (no vectors made). */
  vectors: boolean;
  hnsw: HnswParameters;
  /** Threads to use at most (INGEST_THREADS). */
  threads: number;
  /** Chunks a shard must have at least for one more thread to be used. */
  minChunksPerShard?: number;
  /** Where the shard graphs are written (a folder of the store's to move them from). */
  graphDir: string;
  onProgress?: (progress: { stage: string; done: number; total: number }) => void;
}

export interface ShardedBuild {
  lexical: Bm25Tables;
  idf: IdfTable;
  shards: Array<{ file: string; firstLabel: number }>;
  /** "cut+count" (words, features, BM25) and "embed+graph" (vectors into the graphs, written). */
  stageMs: Record<string, number>;
}

/** A shard's two steps, on a worker thread or on this one. */
interface ShardRunner {
  count(): Promise<ShardCounts>;
  build(request: ShardGraphRequest): Promise<void>;
  close(): Promise<void>;
}

export async function buildShards(options: ShardedBuildOptions): Promise<ShardedBuild> {
  const { texts, threads } = options;
  const minimum = options.minChunksPerShard ?? MIN_CHUNKS_PER_SHARD;
  const shardCount = Math.max(1, Math.min(threads, texts.length, Math.floor(texts.length / Math.max(1, minimum))));
  const size = Math.ceil(texts.length / shardCount);
  const firstLabels = Array.from({ length: shardCount }, (_, i) => i * size);
  const done = { cut: new Array<number>(shardCount).fill(0), embed: new Array<number>(shardCount).fill(0) };
  const report = (shard: number, stage: "cut" | "embed", count: number) => {
    done[stage][shard] = count;
    options.onProgress?.({ stage, done: done[stage].reduce((sum, value) => sum + value, 0), total: texts.length });
  };
  const runners = firstLabels.map((first, shard) => {
    const { userDictionary, dimensions, vectors } = options;
    const input = { texts: texts.slice(first, first + size), userDictionary, dimensions, vectors };
    const progress = (stage: "cut" | "embed", count: number) => report(shard, stage, count);
    return shardCount === 1 ? localRunner(input, progress) : workerRunner(input, progress);
  });
  const started = performance.now();
  try {
    const counts = await Promise.all(runners.map((runner) => runner.count()));
    const counted = performance.now();
    const frequencies = new Map<string, number>();
    for (const { documentFrequencies } of counts)
      for (const [feature, df] of documentFrequencies) frequencies.set(feature, (frequencies.get(feature) ?? 0) + df);
    const idf = idfFromFrequencies(frequencies, texts.length);
    const lexical = mergeBm25Tables(counts.map((count) => count.lexical));
    const shards = firstLabels.map((firstLabel, i) => ({
      file: path.join(options.graphDir, `shard-${i}.index`),
      firstLabel,
    }));
    await Promise.all(runners.map((runner, i) => runner.build({ idf, hnsw: options.hnsw, ...itemAt(shards, i) })));
    const stageMs = {
      "cut+count": Math.round(counted - started),
      "embed+graph": Math.round(performance.now() - counted),
    };
    return { lexical, idf, shards, stageMs };
  } finally {
    await Promise.all(runners.map((runner) => runner.close()));
  }
}

function localRunner(input: ShardInput, progress: (stage: "cut" | "embed", done: number) => void): ShardRunner {
  const builder = new ShardBuilder(input);
  return {
    count: async () => builder.count(progress),
    build: (request) => builder.build(request, progress),
    close: async () => undefined,
  };
}

const SHARD_WORKER = new URL("./workers/shard-worker.mjs", import.meta.url);

function workerRunner(input: ShardInput, progress: (stage: "cut" | "embed", done: number) => void): ShardRunner {
  // Not the parent's loader flags (tsx, a test runner's): the entry loads TypeScript itself.
  const worker = new Worker(SHARD_WORKER, { workerData: input, execArgv: [] });
  type Waiting = { kind: "counted" | "built"; resolve: (reply: WorkerReply) => void; reject: (error: Error) => void };
  let waiting: Waiting | undefined;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    waiting?.reject(error);
    waiting = undefined;
  };
  worker.on("message", (reply: WorkerReply) => {
    if (reply.kind === "progress") return progress(reply.stage, reply.done);
    if (reply.kind === "failed") return fail(new Error(`an ingest worker failed: ${reply.message}`));
    if (waiting?.kind === reply.kind) waiting.resolve(reply);
    waiting = undefined;
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`an ingest worker stopped (exit code ${code})`)));
  const next = (kind: "counted" | "built") =>
    new Promise<WorkerReply>((resolve, reject) => (failure ? reject(failure) : (waiting = { kind, resolve, reject })));
  const counted = next("counted");
  return {
    async count() {
      const reply = await counted;
      if (reply.kind !== "counted") throw new Error("an ingest worker answered out of turn");
      return { documentFrequencies: reply.documentFrequencies, lexical: reply.lexical };
    },
    async build(request) {
      const built = next("built");
      worker.postMessage({ kind: "build", request });
      await built;
    },
    async close() {
      worker.removeAllListeners("exit");
      await worker.terminate();
    },
  };
}
