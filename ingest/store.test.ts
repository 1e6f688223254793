import { cp, mkdir, mkdtemp, readFile, rm, truncate, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSearchIndex, Retriever } from "../server/retrieval/retriever.js";
import { LocalHashEmbeddings, type EmbedderSettings } from "./embed.js";
import { IngestError } from "./errors.js";
import { runIngest } from "./pipeline.js";
import { Segmenter } from "./segment.js";
import { INDEX_FORMAT_VERSION, loadIndex, readManifest, type Manifest } from "./store.js";
import { LocalCorpusStore } from "./store-local.js";

const SEEDS_DIR = fileURLToPath(new URL("../seeds/", import.meta.url));
const HNSW = { m: 16, efConstruction: 200, efSearch: 64 };
const LOCAL: EmbedderSettings = { kind: "local", dimensions: 2048 };
const QUESTION = "江苏有多少产业链党建联盟?";

let root: string;
let indexDir: string;
let manifest: Manifest;

/** A private, plain-folder copy of the built index that a test may damage. */
async function indexCopy(): Promise<string> {
  const copy = await mkdtemp(path.join(root, "copy-"));
  await cp(`${indexDir}/`, copy, { recursive: true, dereference: true });
  return copy;
}

async function ingestErrorOf(work: Promise<unknown>): Promise<IngestError> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

async function retrievedIds(dir: string): Promise<string[]> {
  const retriever = new Retriever(await openSearchIndex(dir, LOCAL));
  return (await retriever.retrieve(QUESTION, 5)).map((hit) => hit.chunk.chunkId);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "ingest-store-"));
  const seedsDir = path.join(root, "seeds");
  await cp(SEEDS_DIR, seedsDir, { recursive: true });
  indexDir = path.join(root, "data", "index");
  await mkdir(path.dirname(indexDir));
  await runIngest({ seedsDir, indexDir, embedder: LOCAL, hnsw: HNSW });
  manifest = (await readManifest(indexDir))!;
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("loadIndex round trip", () => {
  it("loads what ingest wrote, with the manifest's search ef", async () => {
    let dictionaryGiven = "";
    const stored = await loadIndex(
      indexDir,
      { kind: "local", model: "local-hash-v1", dimensions: 2048 },
      (userDictionary) => {
        dictionaryGiven = userDictionary;
        return new LocalHashEmbeddings(new Segmenter(userDictionary), 2048);
      },
    );
    expect(dictionaryGiven).toBe(stored.userDictionary);
    expect(stored.vectorStore.embeddings).toBeInstanceOf(LocalHashEmbeddings);

    const index = await openSearchIndex(indexDir, LOCAL);
    expect(index.manifest).toEqual(manifest);
    expect(index.articles).toHaveLength(23);
    expect(index.chunks).toHaveLength(manifest.counts.chunks);
    expect(index.vectorStore.index.getCurrentCount()).toBe(manifest.counts.chunks);
    expect(index.vectorStore.index.getEf()).toBe(64);
    expect(index.idf?.documents).toBe(manifest.counts.chunks);
    expect(index.userDictionary).toContain("贵安新区 2000 ns");
    expect(index.directory).toBe(path.join(`${indexDir}.versions`, path.basename(index.directory)));
  });

  it("retrieves the same chunks in the same order, twice and after reloading", async () => {
    const retriever = new Retriever(await openSearchIndex(indexDir, LOCAL));
    const first = await retriever.retrieve(QUESTION, 5);
    const again = await retriever.retrieve(QUESTION, 5);
    const ids = first.map((hit) => hit.chunk.chunkId);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(again.map((hit) => hit.chunk.chunkId)).toEqual(ids);
    expect(first.some((hit) => hit.chunk.text.includes("江苏省累计建立产业链党建联盟(党委)901个"))).toBe(true);
    expect(await retrievedIds(indexDir)).toEqual(ids);
    expect(await retrievedIds(await indexCopy())).toEqual(ids);
  });
});

describe("an index of format 4 (every source in manifest.json)", () => {
  it("is read, and the next change writes format 5 with the sources beside the manifest", async () => {
    // An index of its own, with its version folder and symlink, for the store to publish a change on.
    const copy = path.join(root, "format-4", "index");
    await mkdir(path.dirname(copy));
    await runIngest({ seedsDir: path.join(root, "seeds"), indexDir: copy, embedder: LOCAL, hnsw: HNSW });
    const { sourceChanges: _changes, files, ...rest } = manifest;
    const { "sources.json": _sources, ...older } = files;
    await writeFile(path.join(copy, "manifest.json"), JSON.stringify({ ...rest, formatVersion: 4, files: older }));
    await rm(path.join(copy, "sources.json"));
    const read = (await readManifest(copy))!;
    expect(read.formatVersion).toBe(4);
    expect(read.sources).toEqual(manifest.sources);
    const store = new LocalCorpusStore({ indexDir: copy, dataDir: path.dirname(copy), embedder: LOCAL });
    await store.open();
    await store.remove(manifest.sources[0]!.sourceId);
    const after = (await readManifest(copy))!;
    expect(after.formatVersion).toBe(INDEX_FORMAT_VERSION);
    expect(after.sources).toEqual(manifest.sources.slice(1));
    expect(after.sourceChanges).toEqual({ added: [], removed: [] });
    await store.close();
  });
});

describe("loadIndex on a damaged index", () => {
  it("lists every index file in the manifest", () => {
    expect(Object.keys(manifest.files)).toEqual([
      "articles.bin",
      "chunks.bin",
      "idf.bin",
      "lexical.bin",
      "sources.json",
      "userdict.txt",
      "vectors/hnswlib.index",
    ]);
  });

  it.each([
    "vectors/hnswlib.index",
    "chunks.bin",
    "articles.bin",
    "lexical.bin",
    "idf.bin",
    "userdict.txt",
    "sources.json",
  ])("reports a truncated %s as index_corrupt, naming the file", async (file) => {
    const copy = await indexCopy();
    const size = (await readFile(path.join(copy, file))).length;
    await truncate(path.join(copy, file), Math.floor(size / 2));
    const error = await ingestErrorOf(openSearchIndex(copy, LOCAL));
    expect(error.code).toBe("index_corrupt");
    expect(error.message).toContain(path.join(copy, file));
    expect(error.message).toMatch(/checksum/);
  });

  it.each(["vectors/hnswlib.index", "lexical.bin", "sources.json"])(
    "reports one changed byte of %s (same size) as index_corrupt",
    async (file) => {
      const copy = await indexCopy();
      const bytes = await readFile(path.join(copy, file));
      const middle = Math.floor(bytes.length / 2);
      bytes[middle] = bytes[middle]! ^ 0xff;
      await writeFile(path.join(copy, file), bytes);
      const error = await ingestErrorOf(openSearchIndex(copy, LOCAL));
      expect(error.code).toBe("index_corrupt");
      expect(error.message).toContain(path.join(copy, file));
      expect(error.message).toMatch(/checksum/);
    },
  );

  it("reports a deleted index file as index_corrupt, naming the file", async () => {
    const copy = await indexCopy();
    await unlink(path.join(copy, "vectors/hnswlib.index"));
    const error = await ingestErrorOf(openSearchIndex(copy, LOCAL));
    expect(error.code).toBe("index_corrupt");
    expect(error.message).toContain(path.join(copy, "vectors/hnswlib.index"));
    expect(error.message).toMatch(/missing/);
  });

  it.each([
    ["truncated", (text: string) => text.slice(0, text.length / 2)],
    ["emptied", () => ""],
    ["overwritten with NUL bytes", (text: string) => "\0".repeat(text.length)],
  ])("reports a %s manifest.json as index_corrupt", async (_how, damage) => {
    const copy = await indexCopy();
    const file = path.join(copy, "manifest.json");
    await writeFile(file, damage(await readFile(file, "utf8")));
    const error = await ingestErrorOf(openSearchIndex(copy, LOCAL));
    expect(error.code).toBe("index_corrupt");
    expect(error.message).toContain(file);
  });

  // Regression (fixed): loadIndex (store.ts) trusts any manifest.json that parses as JSON: `{"formatVersion":1}`
  // makes checkEmbedder read `built.kind` of undefined and throw a TypeError instead of an IngestError.
  // Expected: IngestError index_corrupt naming manifest.json.
  it("reports a manifest.json without its fields as index_corrupt", async () => {
    const copy = await indexCopy();
    await writeFile(path.join(copy, "manifest.json"), JSON.stringify({ formatVersion: INDEX_FORMAT_VERSION }));
    const error = await ingestErrorOf(openSearchIndex(copy, LOCAL));
    expect(error.code).toBe("index_corrupt");
    expect(error.message).toContain(path.join(copy, "manifest.json"));
  });

  it("still loads the intact index after those failures (the process did not crash)", async () => {
    expect((await openSearchIndex(indexDir, LOCAL)).chunks).toHaveLength(manifest.counts.chunks);
  });
});

describe("loadIndex with another embedder or no index", () => {
  it.each<[string, EmbedderSettings]>([
    ["a local embedder of another dimension", { kind: "local", dimensions: 512 }],
    [
      "the OpenAI embedder",
      { kind: "openai", apiKey: "sk-test", baseURL: "http://127.0.0.1:9/v1", model: "text-embedding-3-small" },
    ],
  ])("refuses %s with index_incompatible and tells the user to re-ingest", async (_what, embedder) => {
    const error = await ingestErrorOf(openSearchIndex(indexDir, embedder));
    expect(error.code).toBe("index_incompatible");
    expect(error.message).toContain(indexDir);
    expect(error.message).toMatch(/Re-ingest/);
    expect(error.message).toContain("local-hash-v1");
  });

  // Regression (fixed): checkEmbedder (store.ts) leaves the configured dimensions out of its message, so loading a
  // 2048-dimension local index with `{kind: "local", dimensions: 512}` says it was built with local
  // "local-hash-v1" (2048 dimensions) "but the configuration asks for local "local-hash-v1"" and suggests
  // setting EMBEDDINGS back to "local": the user cannot see what differs. Expected the message to name 512.
  it("names the configured dimensions when only the dimensions differ", async () => {
    const error = await ingestErrorOf(openSearchIndex(indexDir, { kind: "local", dimensions: 512 }));
    expect(error.message.replaceAll(indexDir, "<index>")).toContain("512");
  });

  it("reports a missing index as index_missing", async () => {
    for (const dir of [path.join(root, "nothing-here"), await mkdtemp(path.join(root, "empty-"))]) {
      const error = await ingestErrorOf(openSearchIndex(dir, LOCAL));
      expect(error.code).toBe("index_missing");
      expect(error.message).toContain(dir);
      expect(error.message).toMatch(/npm run ingest/);
    }
    expect(await readManifest(path.join(root, "nothing-here"))).toBeUndefined();
  });
});
