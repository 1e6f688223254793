// The index on disk, written atomically and verified before use.
//
// Layout: `<indexDir>` is a symlink to `<indexDir>.versions/<versionId>/`, which holds
//   manifest.json   counts, sources, embedder, HNSW parameters, deltas, file checksums
//   articles.json   cleaned articles of the last full build (the docstore a citation points into)
//   chunks.json     their chunks, with offsets in the article (chunk i = HNSW label i = BM25 document i)
//   lexical.json    BM25 postings
//   idf.json        the local embedder's IDF table (local embedder only)
//   userdict.txt    the jieba user dictionary
//   vectors/        LangChain HNSWLib save (hnswlib.index, docstore.json, args.json)
//   deltas/         sources added or removed since that build, applied in order (store-delta.ts)
// Every version folder is complete on its own; a new version shares the files
// it does not change with the old one through hard links. It is written as
// `<versionId>.partial`, renamed, and the symlink swapped with one rename(2), so
// a writer killed at any point leaves the previous index whole.
// Loading checks every file against the manifest's checksums first: hnswlib
// can abort the whole process on a corrupt graph, so it never sees one.
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import type { Embeddings } from "@langchain/core/embeddings";
import hnswlib from "hnswlib-node";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Article } from "./articles.js";
import type { Bm25Data } from "./bm25.js";
import type { Chunk, ChunkOptions } from "./chunk.js";
import type { EmbedderIdentity, IdfTable } from "./embed.js";
import { IngestError } from "./errors.js";
import type { SourceRecord } from "./source-record.js";
import { SOURCE_FORMATS } from "./sources/types.js";
import { deltaSchema, type Delta } from "./store-delta.js";
import { fileSha256, listFiles, newVersionId, publishVersion, realDirectory, writePartial } from "./store-files.js";

export const INDEX_FORMAT_VERSION = 2;

export interface HnswParameters {
  space: "cosine";
  m: number;
  efConstruction: number;
  efSearch: number;
}

export interface SeedEntry {
  name: string;
  sha256: string;
  bytes: number;
}

export interface Manifest {
  formatVersion: number;
  builtAt: string;
  buildMs: number;
  /** Last change (a full build or a delta). */
  updatedAt: string;
  /** Fingerprint of everything that shapes the index besides the sources. */
  settingsKey: string;
  embedder: EmbedderIdentity;
  chunking: ChunkOptions;
  hnsw: HnswParameters;
  /** What is searchable now (deleted sources not counted). */
  counts: { files: number; articles: number; chunks: number; userWords: number };
  /** The seed files in the index, for the up-to-date check. */
  seeds: SeedEntry[];
  sources: SourceRecord[];
  /** Seed files removed through the API: left out of rebuilds while their content is the same. */
  excludedSeeds: Array<{ name: string; sha256: string }>;
  /** Delta files, applied in this order after the full build. */
  deltas: string[];
  /** Labels used so far (the next chunk gets this one). */
  labels: number;
  /** Relative path → sha256 of every index file. */
  files: Record<string, string>;
}

export interface IndexContents {
  articles: Article[];
  chunks: Chunk[];
  lexical: Bm25Data;
  idf?: IdfTable;
  userDictionary: string;
  /** One vector per chunk (Float32Array in ingest: hnswlib keeps 32-bit floats). */
  vectors: ArrayLike<number>[];
  /** Text embedded for each chunk (kept in the HNSWLib docstore). */
  embeddedTexts: string[];
}

export interface StoredIndex extends Omit<IndexContents, "vectors" | "embeddedTexts"> {
  manifest: Manifest;
  vectorStore: HNSWLib;
  /** The version folder this was read from. */
  directory: string;
  /** Changes since the full build, not yet applied (openSearchIndex applies them). */
  deltas: Delta[];
}

export const VECTORS_DIR = "vectors";

/** Write a complete index into a new version folder, then point `indexDir` at it. */
export async function writeIndex(
  indexDir: string,
  contents: IndexContents,
  manifest: Omit<Manifest, "files" | "deltas" | "labels">,
  embeddings: Embeddings,
): Promise<void> {
  const partialDir = path.join(`${indexDir}.versions`, `${newVersionId(new Date(manifest.builtAt))}.partial`);
  await writePartial(partialDir, async () => {
    const jsonFiles: Record<string, unknown> = {
      "articles.json": contents.articles,
      "chunks.json": contents.chunks,
      "lexical.json": contents.lexical,
      ...(contents.idf ? { "idf.json": contents.idf } : {}),
    };
    for (const [name, value] of Object.entries(jsonFiles))
      await writeFile(path.join(partialDir, name), JSON.stringify(value));
    await writeFile(path.join(partialDir, "userdict.txt"), contents.userDictionary);
    await saveVectors(path.join(partialDir, VECTORS_DIR), contents, manifest.hnsw, embeddings);
    const files: Record<string, string> = {};
    for (const file of await listFiles(partialDir)) files[file] = await fileSha256(path.join(partialDir, file));
    const complete: Manifest = { ...manifest, deltas: [], labels: contents.chunks.length, files };
    await writeFile(path.join(partialDir, "manifest.json"), JSON.stringify(complete, null, 2));
  });
  await publishVersion(indexDir, partialDir);
}

async function saveVectors(
  dir: string,
  contents: IndexContents,
  hnsw: HnswParameters,
  embeddings: Embeddings,
): Promise<void> {
  const dimensions = contents.vectors[0]?.length ?? 1;
  // Built by hand rather than by HNSWLib.fromDocuments, which always uses
  // hnswlib's default M and efConstruction and never sets the search ef.
  const index = new hnswlib.HierarchicalNSW(hnsw.space, dimensions);
  index.initIndex(Math.max(1, contents.vectors.length), hnsw.m, hnsw.efConstruction, 100);
  index.setEf(hnsw.efSearch);
  const store = new HNSWLib(embeddings, { space: hnsw.space, numDimensions: dimensions, index });
  // What HNSWLib.addVectors does (labels 0…n−1, docstore keyed by label), one
  // vector at a time so no second number[][] copy of every vector is made.
  const documents: Record<number, Document> = {};
  for (const [i, chunk] of contents.chunks.entries()) {
    index.addPoint(Array.from(contents.vectors[i]!), i);
    documents[i] = new Document({
      pageContent: contents.embeddedTexts[i]!,
      metadata: { chunkIndex: i, chunkId: chunk.chunkId, docId: chunk.docId },
    });
  }
  store.docstore.add(documents);
  await store.save(dir);
}

const sourceRecordSchema = z
  .object({
    sourceId: z.string(),
    name: z.string(),
    title: z.string().optional(),
    format: z.enum(SOURCE_FORMATS),
    bytes: z.number(),
    sha256: z.string(),
    addedAt: z.string(),
    origin: z.enum(["seed", "upload"]),
    file: z.string(),
    encoding: z.string().optional(),
    articles: z.number(),
    chunks: z.number(),
  })
  .strict();

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
    sources: z.array(sourceRecordSchema),
    excludedSeeds: z.array(z.object({ name: z.string(), sha256: z.string() })),
    deltas: z.array(z.string()),
    labels: z.number().int().nonnegative(),
    files: z.record(z.string(), z.string()),
  })
  .passthrough();

/** The manifest of the index at `indexDir`, or undefined when there is none. */
export async function readManifest(indexDir: string): Promise<Manifest | undefined> {
  const file = path.join(indexDir, "manifest.json");
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
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
    value.formatVersion !== INDEX_FORMAT_VERSION &&
    typeof value.formatVersion === "number"
  ) {
    throw new IngestError(
      "index_incompatible",
      `The index at ${indexDir} has format ${value.formatVersion}; this version reads ${INDEX_FORMAT_VERSION}. Re-ingest with \`npm run ingest -- --force\`.`,
    );
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw corrupt(file, `field "${issue.path.join(".") || "(root)"}" is missing or wrong (${issue.message})`);
  }
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
  const display = (file: string) => path.join(indexDir, file);
  checkEmbedder(manifest.embedder, expected, indexDir);
  for (const [file, checksum] of Object.entries(manifest.files)) {
    const actual = await fileSha256(path.join(directory, file)).catch(() => undefined);
    if (actual === undefined) throw corrupt(display(file), "the file is missing");
    if (actual !== checksum)
      throw corrupt(display(file), "its checksum does not match the manifest (truncated or modified)");
  }
  const readJson = async <T>(name: string): Promise<T> =>
    JSON.parse(await readFile(path.join(directory, name), "utf8")) as T;
  const deltas: Delta[] = [];
  for (const file of manifest.deltas) {
    const parsed = deltaSchema.safeParse(await readJson<unknown>(file).catch(() => undefined));
    if (!parsed.success) throw corrupt(display(file), "it is not a valid index change");
    deltas.push(parsed.data);
  }
  const userDictionary = await readFile(path.join(directory, "userdict.txt"), "utf8");
  const vectorStore = await HNSWLib.load(path.join(directory, VECTORS_DIR), makeEmbeddings(userDictionary));
  vectorStore.index.setEf(manifest.hnsw.efSearch);
  return {
    manifest,
    directory,
    articles: await readJson<Article[]>("articles.json"),
    chunks: await readJson<Chunk[]>("chunks.json"),
    lexical: await readJson<Bm25Data>("lexical.json"),
    ...(manifest.files["idf.json"] ? { idf: await readJson<IdfTable>("idf.json") } : {}),
    userDictionary,
    vectorStore,
    deltas,
  };
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
