// The index on disk, written atomically and verified before use.
//
// Layout: `<indexDir>` is a symlink to `<indexDir>.versions/<versionId>/`, which holds
//   manifest.json   counts, embedder, HNSW parameters, deltas, file checksums (file-checksum.ts),
//                   the sources added and removed since the build
//   sources.json    the sources of the last full build
//   articles.bin    cleaned articles of the last full build (the docstore a citation points into)
//   chunks.bin      their chunks as offsets in the article (chunk i = HNSW label i = BM25 document i)
//   lexical.bin     BM25 postings, lengths and words as typed arrays
//   idf.bin         the local embedder's IDF table (local embedder only)
//   userdict.txt    the jieba user dictionary
//   vectors/        the hnswlib graph in shards (hnswlib.index, hnswlib-1.index…; vector-graph.ts)
//   deltas/         sources added or removed since that build, applied in order (store-delta.ts)
// The tables are binary (store-codec.ts, store-articles.ts): no file is one JSON string of the corpus.
// Every version folder is complete on its own; a new version shares the files
// it does not change with the old one through hard links. It is written as
// `<versionId>.partial`, renamed, and the symlink swapped with one rename(2), so
// a writer killed at any point leaves the previous index whole.
// Loading checks every file against the manifest's checksum before it is parsed: hnswlib can
// abort the whole process on a corrupt graph, so it never sees one. The graph is checked on a
// worker thread while this one reads the tables, and read by hnswlib off this thread too.
import type { Embeddings } from "@langchain/core/embeddings";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod/v4";
import type { Article } from "./articles.js";
import type { Bm25Tables } from "./bm25.js";
import { BinaryFormatError, parseBinaryFile, type BinaryFile } from "./binary-file.js";
import type { Chunk } from "./chunk.js";
import type { EmbedderIdentity, IdfTable, IdfWeights } from "./embed.js";
import { IngestError } from "./errors.js";
import { sourceRecordSchema, type SourceRecord } from "./source-record.js";
import { checksumOf, fileChecksum, readWhole } from "./file-checksum.js";
import {
  decodeArticles,
  decodeChunks,
  decodeIdf,
  decodeLexical,
  writeArticles,
  writeChunks,
  writeIdf,
  writeLexical,
} from "./store-codec.js";
import { deltaSchema, type Delta } from "./store-delta.js";
import { listFiles, newVersionId, publishVersion, realDirectory, writePartial } from "./store-files.js";
import { readGraphShard, ShardedGraph } from "./vector-graph.js";
import {
  applySourceChanges,
  READABLE_FORMATS,
  SOURCES_FILE,
  writeManifestFile,
  type GraphShardEntry,
  type Manifest,
} from "./manifest.js";

export {
  INDEX_FORMAT_VERSION,
  type GraphShardEntry,
  type HnswParameters,
  type Manifest,
  type SeedEntry,
} from "./manifest.js";
import { itemAt } from "./indexed.js";

export interface IndexContents {
  articles: Article[];
  chunks: Chunk[];
  lexical: Bm25Tables;
  idf?: IdfTable;
  userDictionary: string;
  /** The graph shards, built already (embed-index.ts): files in a workspace, moved into the version. */
  graph: { dimensions: number; shards: GraphShardEntry[] };
}

export interface StoredIndex extends Omit<IndexContents, "graph" | "idf"> {
  idf?: IdfWeights;
  manifest: Manifest;
  /** The query embedder and the graph (hnswlib's methods over every shard). */
  vectorStore: { embeddings: Embeddings; index: ShardedGraph };
  /** The version folder this was read from. */
  directory: string;
  /** Changes since the full build, not yet applied (openSearchIndex applies them). */
  deltas: Delta[];
}

export const VECTORS_DIR = "vectors";
/** Shard 0 keeps the name a one-graph index always had. */
const graphFile = (shard: number) =>
  path.posix.join(VECTORS_DIR, shard === 0 ? "hnswlib.index" : `hnswlib-${shard}.index`);

/**
 * A folder for the graph shards an ingest builds before it writes the version: beside the
 * versions, named as a writer's partial version (so one left by a killed writer is cleared).
 */
export async function graphWorkspace(indexDir: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = path.join(`${indexDir}.versions`, `graphs-${newVersionId()}.partial`);
  await mkdir(dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Write a complete index into a new version folder, then point `indexDir` at it. */
export async function writeIndex(
  indexDir: string,
  contents: IndexContents,
  manifest: Omit<Manifest, "files" | "deltas" | "labels" | "graphShards">,
): Promise<void> {
  const partialDir = path.join(`${indexDir}.versions`, `${newVersionId(new Date(manifest.builtAt))}.partial`);
  await writePartial(partialDir, async () => {
    await writeArticles(path.join(partialDir, "articles.bin"), contents.articles);
    await writeChunks(path.join(partialDir, "chunks.bin"), contents.chunks, contents.articles);
    await writeLexical(path.join(partialDir, "lexical.bin"), contents.lexical);
    if (contents.idf) await writeIdf(path.join(partialDir, "idf.bin"), contents.idf);
    await writeFile(path.join(partialDir, "userdict.txt"), contents.userDictionary);
    await mkdir(path.join(partialDir, VECTORS_DIR), { recursive: true });
    const graphShards = contents.graph.shards.map(({ firstLabel }, i) => ({ file: graphFile(i), firstLabel }));
    for (const [i, shard] of contents.graph.shards.entries())
      await rename(shard.file, path.join(partialDir, graphFile(i)));
    await writeFile(path.join(partialDir, SOURCES_FILE), JSON.stringify(manifest.sources));
    const files: Record<string, string> = {};
    for (const file of await listFiles(partialDir)) files[file] = await fileChecksum(path.join(partialDir, file));
    const complete: Manifest = {
      ...manifest,
      sourceChanges: { added: [], removed: [] },
      deltas: [],
      labels: contents.chunks.length,
      files,
      graphShards,
    };
    await writeManifestFile(partialDir, complete);
  });
  await publishVersion(indexDir, partialDir);
}

const sourceChangesSchema = z.object({ added: z.array(sourceRecordSchema), removed: z.array(z.string()) });

// What loading relies on; anything else in the manifest is information.
const manifestSchema = z
  .object({
    formatVersion: z.number(),
    builtAt: z.string(),
    buildMs: z.number(),
    updatedAt: z.string(),
    settingsKey: z.string(),
    embedder: z.object({ kind: z.enum(["local", "openai"]), model: z.string(), dimensions: z.number() }),
    chunking: z.object({ maxChars: z.number(), overlapSentences: z.number() }),
    hnsw: z.object({
      space: z.literal("cosine"),
      m: z.number(),
      efConstruction: z.number(),
      efSearch: z.number().int().positive(),
    }),
    counts: z.object({ files: z.number(), articles: z.number(), chunks: z.number(), userWords: z.number() }),
    seeds: z.array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number() })),
    // Format 4 held every source here; format 5 holds the changes since the build (SOURCES_FILE has its sources).
    sources: z.array(sourceRecordSchema).optional(),
    sourceChanges: sourceChangesSchema.optional(),
    excludedSeeds: z.array(z.object({ name: z.string(), sha256: z.string() })),
    deltas: z.array(z.string()),
    labels: z.number().int().nonnegative(),
    files: z.record(z.string(), z.string()),
    graphShards: z
      .array(z.object({ file: z.string(), firstLabel: z.number().int().nonnegative() }))
      .min(1)
      .refine((shards) => shards.every((shard, i) => i === 0 || shard.firstLabel > itemAt(shards, i - 1).firstLabel), {
        message: "shards must start at increasing labels",
      }),
    vectors: z.boolean().default(true), // indexes written before the field had vectors
  })
  .passthrough();

/** The manifest of the index at `indexDir` (its sources read from SOURCES_FILE), or undefined when there is none. */
export async function readManifest(indexDir: string): Promise<Manifest | undefined> {
  // manifest.json and sources.json from one version, whatever a writer swaps meanwhile.
  const directory = await realDirectory(indexDir).catch(() => indexDir);
  const file = path.join(directory, "manifest.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    // Only a missing manifest means "no index": one that cannot be read (permissions, I/O) is an error.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw corrupt(file, `it cannot be read (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw corrupt(file, "it is not valid JSON");
  }
  if (
    typeof value === "object" &&
    value !== null &&
    "formatVersion" in value &&
    typeof value.formatVersion === "number" &&
    !READABLE_FORMATS.includes(value.formatVersion)
  ) {
    throw new IngestError(
      "index_incompatible",
      `The index at ${indexDir} has format ${value.formatVersion}; this version reads ${READABLE_FORMATS.join(" and ")}. Re-ingest with \`npm run ingest -- --force\`.`,
    );
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = itemAt(parsed.error.issues, 0);
    throw corrupt(file, `field "${issue.path.join(".") || "(root)"}" is missing or wrong (${issue.message})`);
  }
  const { sources, sourceChanges, ...manifest } = parsed.data;
  if (sources) return { ...manifest, sources }; // format 4
  if (!sourceChanges) throw corrupt(file, 'field "sourceChanges" is missing');
  const built = await readBuiltSources(directory, manifest.files);
  return { ...manifest, sources: applySourceChanges(built, sourceChanges), sourceChanges };
}

/** The build's sources (SOURCES_FILE), checked against the manifest's checksum. */
async function readBuiltSources(directory: string, files: Record<string, string>): Promise<SourceRecord[]> {
  const file = path.join(directory, SOURCES_FILE);
  const bytes = await readWhole(file).catch((error: Error) => {
    throw corrupt(file, `it cannot be read (${error.message})`);
  });
  if (files[SOURCES_FILE] !== checksumOf(bytes)) throw corrupt(file, "it does not match the manifest's checksum");
  const parsed = z.array(sourceRecordSchema).safeParse(parseJson(bytes));
  if (!parsed.success) throw corrupt(file, "it is not a list of sources");
  return parsed.data;
}

/**
 * Load and verify the index. `expected` is the configured embedder, which must
 * be the one that built it; `makeEmbeddings` gets the index's user dictionary
 * (the local embedder segments with it).
 */
export async function loadIndex(
  indexDir: string,
  expected: EmbedderIdentity,
  makeEmbeddings: (userDictionary: string) => Embeddings,
): Promise<StoredIndex> {
  // Read through the version folder itself, so a swap during the load cannot mix two versions.
  const directory = await realDirectory(indexDir).catch(() => indexDir);
  const manifest = await readManifest(directory);
  if (!manifest) throw new IngestError("index_missing", `No index at ${indexDir}. Build it with \`npm run ingest\`.`);
  checkEmbedder(manifest.embedder, expected, indexDir);
  const display = (file: string) => path.join(indexDir, file);
  const verified = verifiedReader(directory, manifest, display);
  // Started first: the graph's checksums run on worker threads while the tables below are read.
  const dimensions = manifest.embedder.dimensions || 1;
  const shards = Promise.all(
    manifest.graphShards.map(async ({ file, firstLabel }) => {
      await verified.check(file);
      return { graph: await readGraphShard(path.join(directory, file), manifest.hnsw, dimensions), firstLabel };
    }),
  );
  shards.catch(() => undefined); // awaited below; a rejection before then is not unhandled
  const deltas: Delta[] = [];
  for (const file of manifest.deltas) {
    const bytes = await verified.bytes(file);
    const parsed = deltaSchema.safeParse(parseJson(bytes));
    if (!parsed.success) throw corrupt(display(file), "it is not a valid index change");
    deltas.push(parsed.data);
  }
  const table = async <T>(name: string, decode: (table: BinaryFile) => T): Promise<T> => {
    const bytes = await verified.bytes(name);
    try {
      return decode(parseBinaryFile(bytes));
    } catch (error) {
      if (error instanceof BinaryFormatError) throw corrupt(display(name), error.message);
      throw error;
    } finally {
      // Decoding holds this thread for a while: let a finished graph checksum start its read meanwhile.
      await new Promise(setImmediate);
    }
  };
  // The small user dictionary first: behind the tables' reads it waited ~100 ms for a thread of the pool.
  const userDictionaryBytes = verified.bytes("userdict.txt");
  verified.prefetch(["articles.bin", "chunks.bin", "lexical.bin", "idf.bin"].filter((file) => file in manifest.files));
  const userDictionary = (await userDictionaryBytes).toString("utf8");
  // The segmenter (jieba's dictionary and the user words, CPU on this thread) is made while the tables are read.
  const embeddings = makeEmbeddings(userDictionary);
  const articles = await table("articles.bin", decodeArticles);
  const stored = {
    manifest,
    directory,
    articles,
    chunks: await table("chunks.bin", (file) => decodeChunks(file, articles)),
    lexical: await table("lexical.bin", decodeLexical),
    ...(manifest.files["idf.bin"] ? { idf: await table("idf.bin", decodeIdf) } : {}),
    userDictionary,
    deltas,
  };
  return { ...stored, vectorStore: { embeddings, index: new ShardedGraph(await shards) } };
}

/** Reads of the version's files, each refused unless it matches the manifest's checksum. */
function verifiedReader(directory: string, manifest: Manifest, display: (file: string) => string) {
  const expected = (file: string) => {
    const checksum = manifest.files[file];
    if (checksum === undefined) throw corrupt(display(file), "the manifest does not list it");
    return checksum;
  };
  const compare = (file: string, actual: string | undefined) => {
    if (actual === undefined) throw corrupt(display(file), "the file is missing");
    if (actual !== expected(file))
      throw corrupt(display(file), "its checksum does not match the manifest (truncated or modified)");
  };
  const reads = new Map<string, Promise<Buffer | undefined>>();
  const read = (file: string) => {
    let pending = reads.get(file);
    if (!pending) reads.set(file, (pending = readWhole(path.join(directory, file)).catch(() => undefined)));
    return pending;
  };
  return {
    /** Starts reading these files, so the reads overlap the work done before their turn. */
    prefetch(files: string[]): void {
      for (const file of files) void read(file);
    },
    async bytes(file: string): Promise<Buffer> {
      // Unreadable is reported by compare as index_corrupt, naming the file.
      const bytes = await read(file);
      reads.delete(file);
      compare(file, bytes && checksumOf(bytes));
      return bytes ?? Buffer.alloc(0); // (compare has thrown when there are none)
    },
    async check(file: string): Promise<void> {
      compare(file, await fileChecksum(path.join(directory, file)).catch(() => undefined)); // as bytes()
    },
  };
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined; // not JSON: the schema check after it reports the file as index_corrupt
  }
}

export function checkEmbedder(built: EmbedderIdentity, expected: EmbedderIdentity, indexDir: string): void {
  const same =
    built.kind === expected.kind &&
    built.model === expected.model &&
    (expected.dimensions === 0 || built.dimensions === expected.dimensions);
  if (!same) {
    throw new IngestError(
      "index_incompatible",
      `The index at ${indexDir} was built with the ${built.kind} embedder "${built.model}" (${built.dimensions} dimensions), ` +
        `but the configuration asks for ${expected.kind} "${expected.model}"${expected.dimensions ? ` (${expected.dimensions} dimensions)` : ""}. Re-ingest with \`npm run ingest -- --force\`, or set EMBEDDINGS back to "${built.kind}".`,
    );
  }
}

export function corrupt(file: string, reason: string): IngestError {
  return new IngestError(
    "index_corrupt",
    `Index file ${file} is unusable: ${reason}. Rebuild the index with \`npm run ingest -- --force\`.`,
  );
}
