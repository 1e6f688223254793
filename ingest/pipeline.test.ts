import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSearchIndex, Retriever } from "../server/retrieval/retriever.js";
import { IngestError } from "./errors.js";
import { embeddingText, runIngest, type IngestOptions, type IngestSummary } from "./pipeline.js";
import { readManifest, type Manifest } from "./store.js";

const SEEDS_DIR = fileURLToPath(new URL("../seeds/", import.meta.url));
const SEED_FILES = [
  "000_e0a201f519d5c824.txt",
  "001_03a8d35b681066be.txt",
  "002_54d2f36e2aadab4b.txt",
  "003_518b5102fb447ec0.txt",
  "004_4fe301b4031d4404.txt",
];
const LOCAL = { kind: "local", dimensions: 2048 } as const;
const QUESTION = "江苏有多少产业链党建联盟?";

let root: string;
let options: IngestOptions;
let first: IngestSummary;
let manifest: Manifest;

const sha256Of = async (file: string) =>
  createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
const linkTarget = () => readlink(options.indexDir);
const versions = () => readdir(`${options.indexDir}.versions`);

async function retrievedIds(): Promise<string[]> {
  const retriever = new Retriever(await openSearchIndex(options.indexDir, LOCAL));
  return (await retriever.retrieve(QUESTION, 5)).map((hit) => hit.chunk.chunkId);
}

/** A copy of the seeds plus extra files, in a folder of its own. */
async function seedsWith(name: string, extra: Record<string, Buffer>): Promise<string> {
  const dir = path.join(root, name);
  await cp(SEEDS_DIR, dir, { recursive: true });
  for (const [file, bytes] of Object.entries(extra)) await writeFile(path.join(dir, file), bytes);
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "ingest-pipeline-"));
  const seedsDir = path.join(root, "seeds");
  await cp(SEEDS_DIR, seedsDir, { recursive: true });
  await mkdir(path.join(root, "data"));
  options = {
    seedsDir,
    indexDir: path.join(root, "data", "index"),
    embedder: LOCAL,
    hnsw: { m: 16, efConstruction: 200, efSearch: 64 },
  };
  first = await runIngest(options);
  manifest = (await readManifest(options.indexDir))!;
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("runIngest on the seed pages", () => {
  it("summarises what it built", () => {
    expect(first).toMatchObject({ upToDate: false, files: 5, articles: 23, rejected: [], indexDir: options.indexDir });
    expect(first.chunks).toBeGreaterThan(100);
    expect(Object.keys(first.stageMs)).toEqual(["load", "clean+split", "chunk", "cut+count", "embed+graph", "write"]);
  });

  it("records embedder, HNSW and chunking settings and the counts in the manifest", () => {
    expect(manifest.formatVersion).toBe(5);
    expect(manifest.embedder).toEqual({ kind: "local", model: "local-hash-v1", dimensions: 2048 });
    expect(manifest.hnsw).toEqual({ space: "cosine", m: 16, efConstruction: 200, efSearch: 64 });
    expect(manifest.chunking).toEqual({ maxChars: 200, overlapSentences: 1 });
    expect(manifest.counts).toMatchObject({ files: 5, articles: 23, chunks: first.chunks });
    expect(manifest.counts.userWords).toBeGreaterThan(50);
    expect(manifest.settingsKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it("records the seed checksums", async () => {
    expect(manifest.seeds.map((seed) => seed.name)).toEqual(SEED_FILES);
    for (const seed of manifest.seeds) {
      const file = path.join(options.seedsDir, seed.name);
      expect(seed.sha256, seed.name).toBe(await sha256Of(file));
      expect(seed.bytes, seed.name).toBe((await readFile(file)).length);
    }
  });

  it("records a checksum for every index file, which matches the file", async () => {
    expect(Object.keys(manifest.files)).toContain("vectors/hnswlib.index");
    for (const [file, checksum] of Object.entries(manifest.files)) {
      const bytes = await readFile(path.join(options.indexDir, file));
      expect(checksum, file).toBe(`${bytes.length}:${crc32(bytes).toString(16).padStart(8, "0")}`);
    }
  });

  it("points the index symlink at a version folder and embeds each chunk with its title", async () => {
    expect(await linkTarget()).toBe(path.join("index.versions", (await versions())[0]!));
    expect(await versions()).toHaveLength(1);
    const index = await openSearchIndex(options.indexDir, LOCAL);
    const chunk = index.chunks.find((candidate) => candidate.text.includes("江苏省累计建立产业链党建联盟(党委)901个"))!;
    const article = index.articleById.get(chunk.docId)!;
    expect(article.title).toBe("党建聚合力 发展增动能");
    expect(embeddingText(article, chunk)).toBe(`党建聚合力 发展增动能\n${chunk.text}`);
  });
});

describe("runIngest again", () => {
  it("reports up to date without touching the index when nothing changed", async () => {
    const target = await linkTarget();
    const summary = await runIngest(options);
    expect(summary).toMatchObject({ upToDate: true, files: 5, articles: 23, chunks: first.chunks, rejected: [] });
    expect(await linkTarget()).toBe(target);
    expect(await readManifest(options.indexDir)).toEqual(manifest);
  });

  it("rebuilds with force, swaps the symlink and removes the old version", async () => {
    const before = await linkTarget();
    const ids = await retrievedIds();
    const summary = await runIngest({ ...options, force: true });
    expect(summary).toMatchObject({ upToDate: false, files: 5, articles: 23, chunks: first.chunks });
    const after = await linkTarget();
    expect(after).not.toBe(before);
    expect(await versions()).toEqual([path.basename(after)]);
    expect((await readManifest(options.indexDir))!.seeds).toEqual(manifest.seeds);
    expect(await retrievedIds()).toEqual(ids);
    manifest = (await readManifest(options.indexDir))!;
  });

  it("rebuilds when the chunking settings change", async () => {
    const summary = await runIngest({ ...options, chunking: { maxChars: 300, overlapSentences: 1 } });
    expect(summary.upToDate).toBe(false);
    expect(summary.chunks).toBeLessThan(first.chunks);
    const restored = await runIngest(options);
    expect(restored).toMatchObject({ upToDate: false, chunks: first.chunks });
    manifest = (await readManifest(options.indexDir))!;
  });
});

describe("runIngest failures leave the previous index usable", () => {
  it("stops on a binary seed file without touching the index", async () => {
    const target = await linkTarget();
    const ids = await retrievedIds();
    const seedsDir = await seedsWith("seeds-binary", {
      "zz-scan.txt": Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]),
    });
    const error = await runIngest({ ...options, seedsDir, force: true }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(IngestError);
    expect(error).toMatchObject({ code: "invalid_seed" });
    expect((error as IngestError).message).toContain(path.join(seedsDir, "zz-scan.txt"));
    expect(await linkTarget()).toBe(target);
    expect(await readManifest(options.indexDir)).toEqual(manifest);
    expect(await retrievedIds()).toEqual(ids);
  });

  it("with skipInvalid, leaves the bad file out and reports it", async () => {
    const seedsDir = await seedsWith("seeds-skip", {
      "zz-scan.txt": Buffer.from([0x00, 0x01]),
      "zz-latin1.txt": Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xa9, 0xbf, 0x20, 0xff]),
    });
    const summary = await runIngest({ ...options, seedsDir, skipInvalid: true });
    expect(summary.files).toBe(5);
    expect(summary.rejected.map((file) => file.name)).toEqual(["zz-latin1.txt", "zz-scan.txt"]);
  });

  it("survives a build killed mid-write (a stale .partial version folder)", async () => {
    const stale = path.join(`${options.indexDir}.versions`, "2020-01-01T00-00-00-000Z-99999.partial");
    await mkdir(path.join(stale, "vectors"), { recursive: true });
    await writeFile(path.join(stale, "manifest.json"), '{"formatVersion": 1, "embedder": ');
    await writeFile(path.join(stale, "vectors", "hnswlib.index"), Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    const ids = await retrievedIds();
    expect(ids).toHaveLength(5);

    const summary = await runIngest({ ...options, force: true });
    expect(summary).toMatchObject({ upToDate: false, files: 5, articles: 23 });
    expect(await retrievedIds()).toEqual(ids);
    expect(await versions()).toContain(path.basename(await linkTarget()));
  });

  it("moves an index folder from before symlinks aside instead of deleting it", async () => {
    const indexDir = path.join(root, "legacy", "index");
    await mkdir(indexDir, { recursive: true });
    await writeFile(path.join(indexDir, "notes.txt"), "kept");
    await runIngest({ ...options, indexDir });
    expect(await readlink(indexDir)).toMatch(/^index\.versions\//);
    const previous = (await readdir(path.dirname(indexDir))).filter((name) => name.startsWith("index.previous-"));
    expect(previous).toHaveLength(1);
    expect(await readFile(path.join(path.dirname(indexDir), previous[0]!, "notes.txt"), "utf8")).toBe("kept");
  });
});
