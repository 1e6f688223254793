// The full ingest: load (seed files and the uploaded originals) → clean →
// split into articles → chunk → embed → write a fresh index. Each stage is its
// own module; this one only runs them in order, times them, reports progress,
// skips the work when nothing changed, and holds the index lock so no other
// writer (an upload in a running server) interleaves with it. A rebuild also
// compacts: the deltas of earlier uploads and removals are folded in. Where the
// index goes is a sink (ingest/index-sink.ts): the versioned folder, or the
// PostgreSQL store with DATABASE_URL.
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { Bm25Index } from "./bm25.js";
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from "./chunk.js";
import {
  createEmbeddings,
  embedderIdentity,
  LocalHashEmbeddings,
  type EmbedderSettings,
  type IdfTable,
} from "./embed.js";
import { IngestError } from "./errors.js";
import { folderSink, type IndexSink } from "./index-sink.js";
import { invalidSeeds, loadSeeds, type RejectedFile, type SeedFile } from "./load.js";
import { chunkSource, embeddingText, splitSource, type PreparedSource } from "./prepare.js";
import { Segmenter } from "./segment.js";
import { seedSourceId, sha256, type SourceRecord } from "./source-record.js";
import { parseDocument } from "./sources/index.js";
import {
  INDEX_FORMAT_VERSION,
  type HnswParameters,
  type Manifest,
} from "./store.js";
import { buildUserDictionary } from "./user-dict.js";

export { embeddingText } from "./prepare.js";

export interface IngestOptions {
  seedsDir: string;
  indexDir: string;
  /** Where uploaded originals are kept (default: `uploads` beside the index folder). */
  uploadsDir?: string;
  embedder: EmbedderSettings;
  hnsw: Omit<HnswParameters, "space">;
  chunking?: ChunkOptions;
  /** Rebuild even when seeds and settings are unchanged. */
  force?: boolean;
  /** Leave out unreadable seed files instead of stopping. */
  skipInvalid?: boolean;
  onProgress?: (progress: { stage: string; done: number; total: number }) => void;
  /** Told when another writer holds the index lock and this ingest waits for it. */
  onWait?: (holderPid: number) => void;
  /** Where the index goes; the versioned folder at `indexDir` unless given (the PostgreSQL store: ingest/postgres/). */
  sink?: IndexSink;
}

export interface IngestSummary {
  upToDate: boolean;
  files: number;
  articles: number;
  chunks: number;
  rejected: RejectedFile[];
  /** Seed-folder files of a type the ingest does not read. */
  ignored: RejectedFile[];
  ms: number;
  stageMs: Record<string, number>;
  indexDir: string;
}

const EMBED_BATCH = 64;

export async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  const uploadsDir = options.uploadsDir ?? path.join(path.dirname(options.indexDir), "uploads");
  const sink = options.sink ?? folderSink(options.indexDir, uploadsDir);
  return sink.exclusive(() => ingestLocked(options, sink), options.onWait);
}

async function ingestLocked(options: IngestOptions, sink: IndexSink): Promise<IngestSummary> {
  const started = performance.now();
  const stageMs: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T> | T): Promise<T> => {
    const stageStart = performance.now();
    const result = await work();
    stageMs[stage] = Math.round(performance.now() - stageStart);
    return result;
  };
  const chunking = options.chunking ?? DEFAULT_CHUNK_OPTIONS;
  const hnsw: HnswParameters = { space: "cosine", ...options.hnsw };
  const summary = (
    upToDate: boolean,
    counts: { files: number; articles: number; chunks: number },
    rejected: RejectedFile[],
    ignored: RejectedFile[],
  ): IngestSummary => ({
    upToDate,
    ...counts,
    rejected,
    ignored,
    ms: Math.round(performance.now() - started),
    stageMs,
    indexDir: options.indexDir,
  });

  const previous = await sink.previousManifest();
  const excludedSeeds = previous?.excludedSeeds ?? [];
  const exclude = new Set(excludedSeeds.map((seed) => `${seed.name}\0${seed.sha256}`));
  const { files, rejected, ignored } = await timed("load", () =>
    loadSeeds(options.seedsDir, { skipInvalid: options.skipInvalid, exclude }),
  );
  const seeds = files.map(({ name, sha256: checksum, bytes }) => ({ name, sha256: checksum, bytes }));
  const settingsKey = await computeSettingsKey(options.embedder, chunking, hnsw);
  if (
    !options.force &&
    previous?.settingsKey === settingsKey &&
    JSON.stringify(previous.seeds) === JSON.stringify(seeds)
  ) {
    return summary(true, previous.counts, rejected, ignored);
  }

  const originals = new Map<string, Buffer>();
  const split = await timed("clean+split", async () => {
    const fromSeeds = splitSeeds(files, previous, rejected);
    if (rejected.length > 0 && !options.skipInvalid) throw invalidSeeds(options.seedsDir, rejected);
    return [...fromSeeds, ...(await reloadUploads(previous, sink, originals))];
  });
  const prepared = await timed("chunk", () => split.map((source) => chunkSource(source, chunking)));
  if (prepared.length === 0) {
    throw new IngestError(
      "no_seeds",
      `No usable pages in ${options.seedsDir} and no uploaded sources. Add seed pages there, or pass --seeds DIR.`,
    );
  }
  const articles = prepared.flatMap((source) => source.articles);
  const chunks = prepared.flatMap((source) => source.chunks);
  const userDictionary = buildUserDictionary(articles);
  const segmenter = new Segmenter(userDictionary);
  const articleById = new Map(articles.map((article) => [article.docId, article]));
  const texts = chunks.map((chunk) => embeddingText(articleById.get(chunk.docId)!, chunk));

  const embeddings = createEmbeddings(options.embedder, segmenter);
  const identity = embedderIdentity(options.embedder);
  // Each chunk is cut by jieba once: the local embedder and BM25 share the words.
  const tokens = texts.map((text) => segmenter.tokens(text));
  const { vectors, idf } = await timed("embed", () =>
    embedAll(embeddings, texts, tokens, identity.kind, options.onProgress),
  );
  const lexical = await timed("lexical", () => Bm25Index.build(tokens).toJSON());
  const now = new Date().toISOString();
  const manifest: Omit<Manifest, "files" | "deltas" | "labels"> = {
    formatVersion: INDEX_FORMAT_VERSION,
    builtAt: now,
    updatedAt: now,
    buildMs: Math.round(performance.now() - started),
    settingsKey,
    embedder: { ...identity, dimensions: vectors[0]?.length ?? identity.dimensions },
    chunking,
    hnsw,
    counts: {
      files: prepared.length,
      articles: articles.length,
      chunks: chunks.length,
      userWords: userDictionary.split("\n").filter(Boolean).length,
    },
    seeds,
    sources: prepared.map((source) => source.record),
    excludedSeeds,
  };
  await timed("write", () =>
    sink.write({ articles, chunks, lexical, idf, userDictionary, vectors, embeddedTexts: texts }, manifest, {
      embeddings,
      tokens,
      originals,
    }),
  );
  return summary(false, manifest.counts, rejected, ignored);
}

/** Seed files as sources with their articles; one that yields none joins `rejected`. */
function splitSeeds(files: SeedFile[], previous: Manifest | undefined, rejected: RejectedFile[]): PreparedSource[] {
  const taken = new Set<string>();
  const out: PreparedSource[] = [];
  for (const file of files) {
    const sourceId = seedSourceId(file.name, taken);
    const known = previous?.sources.find((record) => record.origin === "seed" && record.name === file.name);
    const record = {
      sourceId,
      name: file.name,
      format: file.parsed.format,
      bytes: file.bytes,
      sha256: file.sha256,
      addedAt: known?.addedAt ?? new Date().toISOString(),
      origin: "seed" as const,
      file: `seeds/${file.name}`,
      ...(file.parsed.encoding ? { encoding: file.parsed.encoding } : {}),
    };
    try {
      out.push(splitSource(file.parsed, record));
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      rejected.push({ name: file.name, reason: error.message });
    }
  }
  rejected.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}

/** The uploads the previous index held, parsed again from their originals. */
async function reloadUploads(
  previous: Manifest | undefined,
  sink: IndexSink,
  originals: Map<string, Buffer>,
): Promise<PreparedSource[]> {
  const out: PreparedSource[] = [];
  for (const record of previous?.sources.filter((source) => source.origin === "upload") ?? []) {
    const bytes = await sink.readUpload(record);
    if (!bytes || sha256(bytes) !== record.sha256) {
      console.warn(
        `The uploaded original of "${record.name}" is missing or changed (${record.file} in ${sink.describe}); ` +
          "it is left out of the new index.",
      );
      continue;
    }
    originals.set(record.sourceId, bytes);
    const { articles: _articles, chunks: _chunks, ...rest }: SourceRecord = record;
    out.push(splitSource(await parseDocument(bytes, record.name), rest));
  }
  return out;
}

async function embedAll(
  embeddings: ReturnType<typeof createEmbeddings>,
  texts: string[],
  tokens: string[][],
  kind: string,
  onProgress?: IngestOptions["onProgress"],
): Promise<{ vectors: Float32Array[]; idf?: IdfTable }> {
  // Float32Array: what hnswlib stores anyway, at half the memory and off the JS heap.
  const vectors: Float32Array[] = [];
  if (embeddings instanceof LocalHashEmbeddings) {
    const idf = embeddings.fit(texts, tokens);
    for (let i = 0; i < texts.length; i++) {
      vectors.push(Float32Array.from(embeddings.unitVector(texts[i]!, tokens[i])));
      if ((i + 1) % EMBED_BATCH === 0 || i + 1 === texts.length)
        onProgress?.({ stage: "embed", done: i + 1, total: texts.length });
    }
    return { vectors, idf };
  }
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    try {
      for (const vector of await embeddings.embedDocuments(texts.slice(i, i + EMBED_BATCH)))
        vectors.push(Float32Array.from(vector));
    } catch (error) {
      throw new IngestError(
        "embedder_unavailable",
        `The ${kind} embedder failed: ${(error as Error).message}. Check OPENAI_BASE_URL / OPENAI_API_KEY, or use EMBEDDINGS=local. The existing index was not changed.`,
      );
    }
    onProgress?.({ stage: "embed", done: Math.min(texts.length, i + EMBED_BATCH), total: texts.length });
  }
  return { vectors };
}

/**
 * A fingerprint of everything besides the sources that shapes the index: the
 * settings and the ingest code itself (parsers included), so a changed cleaner
 * never leaves a stale index behind an "up to date".
 */
async function computeSettingsKey(
  embedder: EmbedderSettings,
  chunking: ChunkOptions,
  hnsw: HnswParameters,
): Promise<string> {
  const ingestDir = path.dirname(fileURLToPath(import.meta.url));
  const sources: string[] = [];
  for (const dir of [ingestDir, path.join(ingestDir, "sources")]) {
    for (const name of (await readdir(dir)).sort()) {
      if (/\.(ts|txt)$/.test(name) && !name.endsWith(".test.ts"))
        sources.push(await readFile(path.join(dir, name), "utf8"));
    }
  }
  // The one lexicon that shapes the index (jieba's user words); the others are read at answer time.
  sources.push(await readFile(path.join(ingestDir, "lexicons", "domain-terms.txt"), "utf8"));
  const embedderKey =
    embedder.kind === "local" ? embedder : { kind: embedder.kind, model: embedder.model, baseURL: embedder.baseURL };
  return sha256(
    JSON.stringify({ INDEX_FORMAT_VERSION, embedderKey, chunking, hnsw, code: sha256(sources.join("\0")) }),
  );
}
