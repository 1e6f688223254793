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
import type { Article } from "./articles.js";
import { DEFAULT_CHUNK_OPTIONS, type Chunk, type ChunkOptions } from "./chunk.js";
import { buildsVectors, embedderIdentity, type EmbedderIdentity, type EmbedderSettings } from "./embed.js";
import { embedAndIndex, embedRows } from "./embed-index.js";
import { IngestError } from "./errors.js";
import { folderSink, type BuiltManifest, type GraphSink, type IndexSink, type RowSink } from "./index-sink.js";
import { invalidSeeds, loadSeeds, type RejectedFile, type SeedFile } from "./load.js";
import { chunkSource, embeddingText, splitSource, type PreparedSource } from "./prepare.js";
import { stageTimer, type TimedStage } from "./stage-timer.js";
import { seedSourceId, sha256, type SourceRecord } from "./source-record.js";
import { mustGet } from "./indexed.js";
import { parseDocument } from "./sources/index.js";
import { graphWorkspace, INDEX_FORMAT_VERSION, type HnswParameters, type Manifest } from "./store.js";
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
  /** Worker threads for cutting, embedding and graph insertion (INGEST_THREADS; default 1: this thread). */
  threads?: number;
  /** Chunks per shard below which fewer threads are used (parallel-ingest.ts; tests lower it). */
  minChunksPerShard?: number;
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

export async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  const uploadsDir = options.uploadsDir ?? path.join(path.dirname(options.indexDir), "uploads");
  const sink = options.sink ?? folderSink(options.indexDir, uploadsDir);
  return sink.exclusive(() => ingestLocked(options, sink), options.onWait);
}

/** Nothing to build: the same settings and the same seed files as the index on disk. */
function upToDate(options: IngestOptions, previous: Manifest, settingsKey: string, seeds: unknown[]): boolean {
  if (options.force || previous.settingsKey !== settingsKey) return false;
  return JSON.stringify(previous.seeds) === JSON.stringify(seeds);
}

async function ingestLocked(options: IngestOptions, sink: IndexSink): Promise<IngestSummary> {
  const started = performance.now();
  const { stageMs, timed } = stageTimer();
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
  if (previous && upToDate(options, previous, settingsKey, seeds))
    return summary(true, previous.counts, rejected, ignored);

  const originals = new Map<string, Buffer>();
  const split = await timed("clean+split", async () => {
    const fromSeeds = splitSeeds(files, previous, rejected);
    if (rejected.length > 0 && !options.skipInvalid) throw invalidSeeds(options.seedsDir, rejected);
    return [...fromSeeds, ...(await reloadUploads(await uploadsToKeep(previous, sink), sink, originals))];
  });
  const prepared = await timed("chunk", () => split.map((source) => chunkSource(source, chunking)));
  if (prepared.length === 0) {
    throw new IngestError(
      "no_seeds",
      `No usable pages in ${options.seedsDir} and no uploaded sources. Add seed pages there, or pass --seeds DIR.`,
    );
  }
  const run = { hnsw, chunking, settingsKey, started, timed, stageMs };
  const counts = await buildIndex(options, sink, prepared, run, { seeds, excludedSeeds }, originals);
  return summary(false, counts, rejected, ignored);
}

interface BuildRun {
  hnsw: HnswParameters;
  chunking: ChunkOptions;
  settingsKey: string;
  started: number;
  timed: TimedStage;
  stageMs: Record<string, number>;
}

/** Words, vectors and the graph or the rows (embed-index.ts), then the new version written. */
async function buildIndex(
  options: IngestOptions,
  sink: IndexSink,
  prepared: PreparedSource[],
  run: BuildRun,
  kept: Pick<Manifest, "seeds" | "excludedSeeds">,
  originals: Map<string, Buffer>,
): Promise<Manifest["counts"]> {
  const articles = prepared.flatMap((source) => source.articles);
  const chunks = prepared.flatMap((source) => source.chunks);
  const userDictionary = buildUserDictionary(articles);
  const articleById = new Map(articles.map((article) => [article.docId, article]));
  const texts = chunks.map((chunk) => embeddingText(mustGet(articleById, chunk.docId, "articles by id"), chunk));
  const corpus = { articles, chunks, texts, userDictionary, prepared, kept };
  return sink.takes === "rows"
    ? buildRows(options, sink, run, corpus, originals)
    : buildGraph(options, sink, run, corpus);
}

interface BuildCorpus {
  articles: Article[];
  chunks: Chunk[];
  texts: string[];
  userDictionary: string;
  prepared: PreparedSource[];
  kept: Pick<Manifest, "seeds" | "excludedSeeds">;
}

/** The local store: the graph shards built on worker threads, moved into the new version. */
async function buildGraph(options: IngestOptions, sink: GraphSink, run: BuildRun, corpus: BuildCorpus) {
  const { articles, chunks, texts, userDictionary } = corpus;
  const workspace = await graphWorkspace(sink.indexDir);
  const vectors = buildsVectors(options.embedder, texts.length);
  if (!vectors && options.embedder.kind === "local")
    console.warn(
      `ingest: ${texts.length} chunks is more than LOCAL_VECTOR_LIMIT (${options.embedder.vectorLimit}): the local embedder's vectors are left out and retrieval is BM25 with phrase coverage (README "Scale").`,
    );
  try {
    const built = await embedAndIndex({
      texts,
      userDictionary,
      embedder: options.embedder,
      vectors,
      hnsw: run.hnsw,
      threads: options.threads ?? 1,
      minChunksPerShard: options.minChunksPerShard,
      graphDir: workspace.dir,
      onProgress: options.onProgress,
    });
    Object.assign(run.stageMs, built.stageMs);
    const manifest = builtManifest(options, run, corpus, built.graph.dimensions, vectors);
    const { lexical, idf, graph } = built;
    await run.timed("write", () => sink.write({ articles, chunks, lexical, idf, userDictionary, graph }, manifest));
    return manifest.counts;
  } finally {
    await workspace.remove();
  }
}

/** A store that indexes rows itself (PostgreSQL): each chunk's vector and words, no graph. */
async function buildRows(
  options: IngestOptions,
  sink: RowSink,
  run: BuildRun,
  corpus: BuildCorpus,
  originals: Map<string, Buffer>,
) {
  const { articles, chunks, texts, userDictionary } = corpus;
  const built = await embedRows({ texts, userDictionary, embedder: options.embedder, onProgress: options.onProgress });
  Object.assign(run.stageMs, built.stageMs);
  // PostgreSQL keeps every chunk's vector (pgvector builds its own index): LOCAL_VECTOR_LIMIT is the local store's.
  const manifest = builtManifest(options, run, corpus, built.dimensions, true);
  const { vectors, tokens, idf } = built;
  const contents = { articles, chunks, idf, userDictionary, vectors, tokens };
  await run.timed("write", () => sink.write(contents, manifest, originals));
  return manifest.counts;
}

function builtManifest(
  options: IngestOptions,
  run: BuildRun,
  corpus: BuildCorpus,
  dimensions: number,
  vectors: boolean,
): BuiltManifest {
  const identity = embedderIdentity(options.embedder);
  const { prepared, userDictionary, kept } = corpus;
  return { ...buildManifest({ ...run, identity, dimensions, prepared, userDictionary }), ...kept, vectors };
}

function buildManifest(parts: {
  started: number;
  settingsKey: string;
  identity: EmbedderIdentity;
  dimensions: number;
  chunking: ChunkOptions;
  hnsw: HnswParameters;
  prepared: PreparedSource[];
  userDictionary: string;
}): Omit<Manifest, "files" | "deltas" | "labels" | "seeds" | "excludedSeeds" | "graphShards" | "vectors"> {
  const { prepared, userDictionary } = parts;
  const now = new Date().toISOString();
  return {
    formatVersion: INDEX_FORMAT_VERSION,
    builtAt: now,
    updatedAt: now,
    buildMs: Math.round(performance.now() - parts.started),
    settingsKey: parts.settingsKey,
    embedder: { ...parts.identity, dimensions: parts.dimensions },
    chunking: parts.chunking,
    hnsw: parts.hnsw,
    counts: {
      files: prepared.length,
      articles: prepared.reduce((sum, source) => sum + source.articles.length, 0),
      chunks: prepared.reduce((sum, source) => sum + source.chunks.length, 0),
      userWords: userDictionary.split("\n").filter(Boolean).length,
    },
    sources: prepared.map((source) => source.record),
  };
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

/**
 * The uploads a rebuild keeps: those the previous index lists, or, with no readable previous
 * index (damaged, or its folder removed), those the store kept beside their originals.
 */
async function uploadsToKeep(previous: Manifest | undefined, sink: IndexSink): Promise<SourceRecord[]> {
  if (previous) return previous.sources.filter((source) => source.origin === "upload");
  const kept = await sink.keptUploads();
  if (kept.length > 0)
    console.warn(
      `No readable index lists the uploads: the ${kept.length} kept beside their originals are indexed again.`,
    );
  return kept;
}

/** The uploads a rebuild keeps, parsed again from their originals. */
async function reloadUploads(
  uploads: SourceRecord[],
  sink: IndexSink,
  originals: Map<string, Buffer>,
): Promise<PreparedSource[]> {
  const out: PreparedSource[] = [];
  for (const record of uploads) {
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
  // Not the vector limit: the manifest records what a build decided (Manifest.vectors), and a changed
  // limit applies at the next full build (`npm run ingest -- --force`), not by rebuilding at start.
  const embedderKey =
    embedder.kind === "local"
      ? { kind: "local", dimensions: embedder.dimensions }
      : { kind: embedder.kind, model: embedder.model, baseURL: embedder.baseURL };
  return sha256(
    JSON.stringify({ INDEX_FORMAT_VERSION, embedderKey, chunking, hnsw, code: sha256(sources.join("\0")) }),
  );
}
