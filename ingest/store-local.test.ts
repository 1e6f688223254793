// The live local store on real files: an upload appended without rebuilding
// (hard-linked version, one delta), a removal, the snapshots that requests in
// flight keep, a reload from disk, compaction by a full ingest, the writer
// lock, and a failed write that leaves nothing behind.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Answerer } from "../server/answer/answerer.js";
import { Retriever } from "../server/retrieval/retriever.js";
import { makeLibraryDirs, type LibraryDirs } from "../server/test-support/library-app.js";
import { TEST_EMBEDDER, TEST_HNSW } from "../server/test-support/corpus-index.js";
import { rm } from "node:fs/promises";
import { runIngest } from "./pipeline.js";
import { openSearchIndex, type SearchIndex } from "./search-index.js";
import { LocalCorpusStore } from "./store-local.js";
import { withIndexLock } from "./store-lock.js";
import { readManifest, writeIndex } from "./store.js";
import { DOCX_FACTS, GB18030_FACTS, makeDocx, readFixture } from "./test-support/source-fixtures.js";
import { Bm25Index } from "./bm25.js";
import { IngestError } from "./errors.js";

let dirs: LibraryDirs;
let store: LocalCorpusStore;

const answer = (index: SearchIndex, question: string) =>
  new Answerer({ retriever: new Retriever(index) }).answer({ question });
const versions = async () => (await readdir(`${dirs.indexDir}.versions`)).sort();

beforeAll(async () => {
  dirs = await makeLibraryDirs();
  store = new LocalCorpusStore({ indexDir: dirs.indexDir, dataDir: dirs.dataDir, embedder: TEST_EMBEDDER });
  await store.open();
});

afterAll(async () => {
  await store.close();
  await rm(dirs.workDir, { recursive: true, force: true });
});

describe("LocalCorpusStore", () => {
  it("lists the five seed pages with readable titles", () => {
    const sources = store.list();
    expect(sources).toHaveLength(5);
    expect(
      sources.every((source) => source.origin === "seed" && source.status === "ready" && source.format === "txt"),
    ).toBe(true);
    expect(sources.reduce((sum, source) => sum + source.articles, 0)).toBe(23);
    expect(sources.find((source) => source.sourceId === "000_e0a201f519d5c824")?.title).toBe("红色引擎驱动工业腾飞");
  });

  it("adds an upload as one delta in a hard-linked version, without re-embedding the rest", async () => {
    const before = store.current();
    const baseGraph = path.join(before.directory, "vectors", "hnswlib.index");
    const baseInode = (await stat(baseGraph)).ino;
    const docx = await makeDocx();
    const [added] = await store.add([{ name: "铜仁 产业工人.docx", bytes: docx }]);
    expect(added).toMatchObject({
      name: "铜仁 产业工人.docx",
      title: DOCX_FACTS.title,
      format: "docx",
      origin: "upload",
      status: "ready",
    });
    expect(added!.articles).toEqual([{ docId: `${added!.sourceId}-a01`, title: DOCX_FACTS.title }]);

    const after = store.current();
    expect(after).not.toBe(before);
    expect(after.manifest.deltas).toEqual(["deltas/000001-add.json"]);
    expect(after.manifest.counts.files).toBe(6);
    // The graph file of the new version is the old one (same inode): nothing was rewritten.
    expect((await stat(path.join(after.directory, "vectors", "hnswlib.index"))).ino).toBe(baseInode);
    expect(await versions()).toEqual([path.basename(after.directory)]);
    // The original is kept under DATA_DIR/uploads, named by its id, never by the user's file name.
    expect(await readFile(path.join(dirs.dataDir, "uploads", `${added!.sourceId}.docx`))).toEqual(docx);

    const result = await answer(after, DOCX_FACTS.question);
    expect(result.answer).toContain(DOCX_FACTS.figure);
    expect(result.citations[0]).toMatchObject({
      docId: `${added!.sourceId}-a01`,
      sourceId: added!.sourceId,
      sourceName: "铜仁 产业工人.docx",
    });
  });

  it("keeps the snapshot a request started on: it never sees the later upload", async () => {
    const inFlight = store.current();
    const [added] = await store.add([{ name: "遵义.txt", bytes: await readFixture("gb18030-page.txt") }]);
    expect(added).toMatchObject({ encoding: "gb18030" });
    const old = await answer(inFlight, GB18030_FACTS.question);
    expect(old.citations.some((citation) => citation.docId.startsWith(added!.sourceId))).toBe(false);
    const now = await answer(store.current(), GB18030_FACTS.question);
    expect(now.citations[0]?.docId).toBe(`${added!.sourceId}-a01`);
  });

  it("refuses the same file twice with duplicate_source, changing nothing", async () => {
    const before = store.current();
    const error = await store
      .add([{ name: "again.txt", bytes: await readFixture("gb18030-page.txt") }])
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe("duplicate_source");
    expect((error as IngestError).message).toContain("遵义.txt");
    expect(store.current()).toBe(before);
  });

  it("removes a source: its articles leave retrieval, and a reload from disk agrees", async () => {
    const docx = store.list().find((source) => source.format === "docx")!;
    await store.remove(docx.sourceId);
    const after = store.current();
    expect(after.manifest.deltas).toHaveLength(3);
    expect(after.articles.some((article) => article.sourceId === docx.sourceId)).toBe(false);
    expect(
      (await answer(after, DOCX_FACTS.question)).citations.some((citation) => citation.sourceId === docx.sourceId),
    ).toBe(false);
    const hits = await new Retriever(after).retrieve(DOCX_FACTS.question, 30);
    expect(hits.some((hit) => hit.article.sourceId === docx.sourceId)).toBe(false);
    await expect(stat(path.join(dirs.dataDir, "uploads", `${docx.sourceId}.docx`))).rejects.toThrow();

    const reloaded = await openSearchIndex(dirs.indexDir, TEST_EMBEDDER);
    expect(reloaded.articles.map((article) => article.docId)).toEqual(after.articles.map((article) => article.docId));
    expect(reloaded.bm25.size).toBe(after.bm25.size);
    expect((await answer(reloaded, GB18030_FACTS.question)).answer).toContain(GB18030_FACTS.figure);
    expect((await answer(reloaded, "江苏有多少产业链党建联盟?")).answer).toContain("901");
  });

  it("a removed seed page stays out of the next rebuild", async () => {
    await store.remove("004_4fe301b4031d4404");
    const summary = await runIngest({
      seedsDir: dirs.seedsDir,
      indexDir: dirs.indexDir,
      embedder: TEST_EMBEDDER,
      hnsw: TEST_HNSW,
    });
    expect(summary.upToDate).toBe(true);
    const rebuilt = await runIngest({
      seedsDir: dirs.seedsDir,
      indexDir: dirs.indexDir,
      embedder: TEST_EMBEDDER,
      hnsw: TEST_HNSW,
      force: true,
    });
    const manifest = (await readManifest(dirs.indexDir))!;
    expect(manifest.deltas).toEqual([]); // compacted
    expect(manifest.sources.map((source) => source.sourceId).sort()).toEqual(
      [
        "000_e0a201f519d5c824",
        "001_03a8d35b681066be",
        "002_54d2f36e2aadab4b",
        "003_518b5102fb447ec0",
        store.list().find((source) => source.origin === "upload")!.sourceId,
      ].sort(),
    );
    expect(rebuilt.files).toBe(5);
    // The store notices the rebuild written outside it.
    expect(await store.refresh()).toBe(true);
    expect(store.current().manifest.deltas).toEqual([]);
    expect((await answer(store.current(), GB18030_FACTS.question)).answer).toContain(GB18030_FACTS.figure);
  });

  it("waits for another writer's lock, and names it when the wait runs out", async () => {
    let release: () => void = () => {};
    const held = withIndexLock(dirs.indexDir, () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const busy = new LocalCorpusStore({
      indexDir: dirs.indexDir,
      dataDir: dirs.dataDir,
      embedder: TEST_EMBEDDER,
      lockWaitMs: 100,
    });
    await busy.open();
    const error = await busy.remove("000_e0a201f519d5c824").catch((reason: unknown) => reason);
    expect((error as IngestError).code).toBe("index_busy");
    expect((error as IngestError).message).toContain(String(process.pid));
    let waited = false;
    const ingest = runIngest({
      seedsDir: dirs.seedsDir,
      indexDir: dirs.indexDir,
      embedder: TEST_EMBEDDER,
      hnsw: TEST_HNSW,
      onWait: () => (waited = true),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(waited).toBe(true);
    release();
    await held;
    expect((await ingest).upToDate).toBe(true);
  });

  it("a write that fails leaves no .partial folder and the index as it was", async () => {
    const before = await readManifest(dirs.indexDir);
    const manifest = { ...before!, builtAt: new Date().toISOString() };
    // A graph shard that is not there makes the write fail after the tables are written.
    const contents = {
      articles: [
        {
          docId: "x-a01",
          sourceId: "x",
          source: "seeds/x.txt",
          sourceName: "x.txt",
          title: "x",
          deck: [],
          text: "xy",
          paragraphs: [],
        },
      ],
      chunks: [
        { chunkId: "x-a01-c000", docId: "x-a01", index: 0, start: 0, end: 1, text: "x" },
        { chunkId: "x-a01-c001", docId: "x-a01", index: 1, start: 1, end: 2, text: "y" },
      ],
      lexical: Bm25Index.build([["x"], ["y"]]).toTables(),
      userDictionary: "",
      graph: { dimensions: 4, shards: [{ file: path.join(dirs.indexDir, "no-such-shard.index"), firstLabel: 0 }] },
    };
    await expect(writeIndex(dirs.indexDir, contents, manifest)).rejects.toThrow();
    expect((await versions()).some((entry) => entry.endsWith(".partial"))).toBe(false);
    expect((await readManifest(dirs.indexDir))?.updatedAt).toBe(before?.updatedAt);
  });
});
