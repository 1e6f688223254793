// The index on disk, written atomically and verified before use.
//
// Layout: `<indexDir>` is a symlink to `<indexDir>.versions/<buildId>/`, which holds
//   manifest.json   counts, seed checksums, embedder, HNSW parameters, file checksums
//   articles.json   cleaned articles (the docstore a citation points into)
//   chunks.json     chunks with their offsets in the article
//   lexical.json    BM25 postings
//   idf.json        the local embedder's IDF table (local embedder only)
//   userdict.txt    the jieba user dictionary
//   vectors/        LangChain HNSWLib save (hnswlib.index, docstore.json, args.json)
// A build goes into a fresh version folder and the symlink is swapped with one
// rename(2), so an ingest killed at any point leaves the previous index whole.
// Loading checks every file against the manifest's checksums first: hnswlib
// can abort the whole process on a corrupt graph, so it never sees one.
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import type { Embeddings } from "@langchain/core/embeddings";
import hnswlib from "hnswlib-node";
import { createReadStream } from "node:fs";
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Article } from "./articles.js";
import type { Bm25Data } from "./bm25.js";
import type { Chunk, ChunkOptions } from "./chunk.js";
import type { EmbedderIdentity, IdfTable } from "./embed.js";
import { IngestError } from "./errors.js";
import { createHash } from "node:crypto";
import { z } from "zod";

export const INDEX_FORMAT_VERSION = 1;

export interface HnswParameters {
  space: "cosine";
  m: number;
  efConstruction: number;
  efSearch: number;
}

export interface Manifest {
  formatVersion: number;
  builtAt: string;
  buildMs: number;
  /** Fingerprint of everything that shapes the index besides the seeds. */
  settingsKey: string;
  embedder: EmbedderIdentity;
  chunking: ChunkOptions;
  hnsw: HnswParameters;
  counts: { files: number; articles: number; chunks: number; userWords: number };
  seeds: Array<{ name: string; sha256: string; bytes: number }>;
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
  directory: string;
}

const VECTORS_DIR = "vectors";

/** Write a complete index into a new version folder, then point `indexDir` at it. */
export async function writeIndex(
  indexDir: string,
  contents: IndexContents,
  manifest: Omit<Manifest, "files">,
  embeddings: Embeddings,
): Promise<void> {
  const versionsDir = `${indexDir}.versions`;
  const buildId = `${manifest.builtAt.replace(/[:.]/g, "-")}-${process.pid}`;
  const partialDir = path.join(versionsDir, `${buildId}.partial`);
  await mkdir(partialDir, { recursive: true });

  const jsonFiles: Record<string, unknown> = {
    "articles.json": contents.articles,
    "chunks.json": contents.chunks,
    "lexical.json": contents.lexical,
    ...(contents.idf ? { "idf.json": contents.idf } : {}),
  };
  for (const [name, value] of Object.entries(jsonFiles)) await writeFile(path.join(partialDir, name), JSON.stringify(value));
  await writeFile(path.join(partialDir, "userdict.txt"), contents.userDictionary);
  await saveVectors(path.join(partialDir, VECTORS_DIR), contents, manifest.hnsw, embeddings);

  const files: Record<string, string> = {};
  for (const file of await listFiles(partialDir)) files[file] = await fileSha256(path.join(partialDir, file));
  await writeFile(path.join(partialDir, "manifest.json"), JSON.stringify({ ...manifest, files }, null, 2));

  const finalDir = path.join(versionsDir, buildId);
  await rename(partialDir, finalDir);
  await swapSymlink(indexDir, path.relative(path.dirname(indexDir), finalDir));
  await removeOldVersions(versionsDir, buildId);
}

async function saveVectors(dir: string, contents: IndexContents, hnsw: HnswParameters, embeddings: Embeddings): Promise<void> {
  const dimensions = contents.vectors[0]?.length ?? 0;
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
    documents[i] = new Document({ pageContent: contents.embeddedTexts[i]!, metadata: { chunkIndex: i, chunkId: chunk.chunkId, docId: chunk.docId } });
  }
  store.docstore.add(documents);
  await store.save(dir);
}

async function swapSymlink(indexDir: string, target: string): Promise<void> {
  const existing = await lstat(indexDir).catch(() => undefined);
  if (existing && !existing.isSymbolicLink()) {
    // An index folder from before symlinks (or made by hand): move it aside once.
    await rename(indexDir, `${indexDir}.previous-${Date.now()}`);
  }
  const link = `${indexDir}.link-${process.pid}`;
  await removeStaleLinks(indexDir);
  await rm(link, { force: true });
  await symlink(target, link, "dir");
  await rename(link, indexDir); // atomic replace of the old symlink
}

/** Temporary symlinks left by ingests that were killed between creating and renaming them. */
async function removeStaleLinks(indexDir: string): Promise<void> {
  const prefix = `${path.basename(indexDir)}.link-`;
  for (const entry of await readdir(path.dirname(indexDir))) {
    const pid = entry.startsWith(prefix) ? Number(entry.slice(prefix.length)) : NaN;
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) await rm(path.join(path.dirname(indexDir), entry), { force: true });
  }
}

async function removeOldVersions(versionsDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(versionsDir)) {
    // A build in progress in another live process is left alone; one whose process died is litter.
    const builder = /-(\d+)\.partial$/.exec(entry);
    if (entry === keep || (builder && Number(builder[1]) !== process.pid && isAlive(Number(builder[1])))) continue;
    await rm(path.join(versionsDir, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(dir, relative)));
    else out.push(relative);
  }
  return out.sort();
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const piece of createReadStream(file)) hash.update(piece as Buffer);
  return hash.digest("hex");
}

// What loading relies on; anything else in the manifest is information.
const manifestSchema = z
  .object({
    formatVersion: z.number(),
    settingsKey: z.string(),
    embedder: z.object({ kind: z.enum(["local", "openai"]), model: z.string(), dimensions: z.number() }),
    hnsw: z.object({ space: z.literal("cosine"), m: z.number(), efConstruction: z.number(), efSearch: z.number().int().positive() }),
    counts: z.object({ files: z.number(), articles: z.number(), chunks: z.number(), userWords: z.number() }),
    seeds: z.array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number() })),
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
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw corrupt(file, `field "${issue.path.join(".") || "(root)"}" is missing or wrong (${issue.message})`);
  }
  return parsed.data as unknown as Manifest;
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
  const manifest = await readManifest(indexDir);
  if (!manifest) {
    throw new IngestError("index_missing", `No index at ${indexDir}. Build it with \`npm run ingest\`.`);
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IngestError("index_incompatible", `The index at ${indexDir} has format ${manifest.formatVersion}; this version reads ${INDEX_FORMAT_VERSION}. Re-ingest with \`npm run ingest -- --force\`.`);
  }
  checkEmbedder(manifest.embedder, expected, indexDir);
  for (const [file, checksum] of Object.entries(manifest.files)) {
    const actual = await fileSha256(path.join(indexDir, file)).catch(() => undefined);
    if (actual === undefined) throw corrupt(path.join(indexDir, file), "the file is missing");
    if (actual !== checksum) throw corrupt(path.join(indexDir, file), "its checksum does not match the manifest (truncated or modified)");
  }
  const readJson = async <T>(name: string): Promise<T> => JSON.parse(await readFile(path.join(indexDir, name), "utf8")) as T;
  const userDictionary = await readFile(path.join(indexDir, "userdict.txt"), "utf8");
  const vectorStore = await HNSWLib.load(path.join(indexDir, VECTORS_DIR), makeEmbeddings(userDictionary));
  vectorStore.index.setEf(manifest.hnsw.efSearch);
  return {
    manifest,
    directory: await realDirectory(indexDir),
    articles: await readJson<Article[]>("articles.json"),
    chunks: await readJson<Chunk[]>("chunks.json"),
    lexical: await readJson<Bm25Data>("lexical.json"),
    ...(manifest.files["idf.json"] ? { idf: await readJson<IdfTable>("idf.json") } : {}),
    userDictionary,
    vectorStore,
  };
}

function checkEmbedder(built: EmbedderIdentity, expected: EmbedderIdentity, indexDir: string): void {
  const same = built.kind === expected.kind && built.model === expected.model && (expected.dimensions === 0 || built.dimensions === expected.dimensions);
  if (!same) {
    throw new IngestError(
      "index_incompatible",
      `The index at ${indexDir} was built with the ${built.kind} embedder "${built.model}" (${built.dimensions} dimensions), ` +
        `but the configuration asks for ${expected.kind} "${expected.model}"${expected.dimensions ? ` (${expected.dimensions} dimensions)` : ""}. Re-ingest with \`npm run ingest -- --force\`, or set EMBEDDINGS back to "${built.kind}".`,
    );
  }
}

function corrupt(file: string, reason: string): IngestError {
  return new IngestError("index_corrupt", `Index file ${file} is unusable: ${reason}. Rebuild the index with \`npm run ingest -- --force\`.`);
}

async function realDirectory(indexDir: string): Promise<string> {
  const info = await lstat(indexDir);
  return info.isSymbolicLink() ? path.resolve(path.dirname(indexDir), await readlink(indexDir)) : indexDir;
}
