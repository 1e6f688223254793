// One shard of a local-embedder ingest: a consecutive run of the chunks, cut into words, counted,
// embedded and inserted into its own HNSW graph. Two steps, because the IDF weights of the
// vectors need the document frequencies of every shard: count (words, features, BM25 postings),
// then — given the corpus-wide IDF — build (vectors into the graph, written to a file). Each vector
// goes into the graph as it is made: the shard never holds its vectors, only its features as ids
// (feature-table.ts).
// Runs on a worker thread (parallel-ingest.ts, through workers/shard-worker.mjs) or, for a small
// corpus, on the ingest's own thread.
import { parentPort, workerData } from "node:worker_threads";
import { z } from "zod/v4";
import type { Bm25Tables } from "./bm25.js";
import type { IdfTable } from "./embed.js";
import { FeatureTable } from "./feature-table.js";
import { Segmenter } from "./segment.js";
import type { HnswParameters } from "./store.js";
import { buildGraphFile } from "./vector-graph.js";

export interface ShardInput {
  texts: string[];
  userDictionary: string;
  dimensions: number;
  /** false: no vectors will be made, so only the words are counted and the graph is left empty. */
  vectors: boolean;
}

export interface ShardCounts {
  /** Feature → texts of this shard holding it, in first-seen order. */
  documentFrequencies: Map<string, number>;
  /** BM25 tables of this shard's chunks, numbered from 0. */
  lexical: Bm25Tables;
}

export interface ShardGraphRequest {
  idf: IdfTable;
  file: string;
  hnsw: HnswParameters;
  firstLabel: number;
}

type Progress = (stage: "cut" | "embed", done: number) => void;

export class ShardBuilder {
  private readonly segmenter: Segmenter;
  /** What count() learnt for build(): every text's features as ids, in the embedder's order. */
  private features?: FeatureTable;

  constructor(private readonly input: ShardInput) {
    this.segmenter = new Segmenter(input.userDictionary);
  }

  count(onProgress?: Progress): ShardCounts {
    const table = new FeatureTable({ bigrams: this.input.vectors });
    this.input.texts.forEach((text, i) => {
      table.addText(text, this.segmenter.tokens(text));
      if ((i + 1) % 1024 === 0) onProgress?.("cut", i + 1);
    });
    onProgress?.("cut", this.input.texts.length);
    this.features = table;
    return { documentFrequencies: table.documentFrequencies(), lexical: table.bm25Tables() };
  }

  async build(request: ShardGraphRequest, onProgress?: Progress): Promise<void> {
    const table = this.features;
    if (!table) throw new Error("a shard is built after it is counted");
    const idf = table.idfOf(request.idf);
    const { texts, dimensions } = this.input;
    const count = this.input.vectors ? texts.length : 0;
    const options = { dimensions, hnsw: request.hnsw, firstLabel: request.firstLabel, count };
    await buildGraphFile(
      request.file,
      options,
      (i) => table.vector(i, idf, dimensions),
      (done) => onProgress?.("embed", done),
    );
    this.features = undefined;
  }
}

// The messages between parallel-ingest.ts and a shard worker.
const buildMessage = z.object({
  kind: z.literal("build"),
  request: z.object({
    idf: z.object({ documents: z.number(), idf: z.record(z.string(), z.number()) }),
    file: z.string(),
    hnsw: z.object({
      space: z.literal("cosine"),
      m: z.number(),
      efConstruction: z.number(),
      efSearch: z.number(),
    }),
    firstLabel: z.number(),
  }),
});

export type WorkerReply =
  | { kind: "progress"; stage: "cut" | "embed"; done: number }
  | ({ kind: "counted" } & ShardCounts)
  | { kind: "built" }
  | { kind: "failed"; message: string };

/** The worker's side: count at once, build when asked, report progress and failures as messages. */
export function runShardWorker(): void {
  const port = parentPort;
  if (!port) throw new Error("runShardWorker runs on a worker thread");
  const input = z
    .object({ texts: z.array(z.string()), userDictionary: z.string(), dimensions: z.number(), vectors: z.boolean() })
    .parse(workerData);
  const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const progress: Progress = (stage, done) => reply({ kind: "progress", stage, done });
  const fail = (error: unknown) =>
    reply({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
  try {
    const builder = new ShardBuilder(input);
    const counts = builder.count(progress);
    const { documentLengths, termStarts, documents, frequencies } = counts.lexical;
    reply({ kind: "counted", ...counts }, [documentLengths, termStarts, documents, frequencies].map(bufferOf));
    port.once("message", (message: unknown) => {
      const parsed = buildMessage.safeParse(message);
      if (!parsed.success) return fail(new Error("the shard worker was sent something other than a build request"));
      builder.build(parsed.data.request, progress).then(() => reply({ kind: "built" }), fail);
    });
  } catch (error) {
    fail(error);
  }
}

function bufferOf(array: Uint32Array | Int32Array): ArrayBuffer {
  if (!(array.buffer instanceof ArrayBuffer)) throw new Error("BM25 tables are not in transferable memory");
  return array.buffer;
}
