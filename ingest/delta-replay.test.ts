// Opening an index replays its deltas at once (search-index.ts replayDeltas): the snapshot must be
// the one the live store made by applying them one by one — pages added, one removed right after,
// a seed page of the build removed, a removed page uploaded again with the same ids and removed again
// (whose first chunks were once counted out of BM25 twice: labelsOf).
import path from "node:path";
import { readFile, rm, stat } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readQuestionFile } from "../server/evaluation/questions.js";
import { PROJECT_ROOT } from "../server/config.js";
import { Retriever } from "../server/retrieval/retriever.js";
import { makeLibraryDirs, type LibraryDirs } from "../server/test-support/library-app.js";
import { TEST_EMBEDDER } from "../server/test-support/corpus-index.js";
import { openSearchIndex, type LocalSearchIndex } from "./search-index.js";
import { LocalCorpusStore } from "./store-local.js";
import { readManifest } from "./store.js";

let dirs: LibraryDirs;
let live: LocalSearchIndex;
let reopened: LocalSearchIndex;
let everDocIds: string[];
let questions: string[];
let builtSourcesInode: number;

/** A page of a few articles, its words and figures its own (`n` tells the pages apart). */
function page(n: number): Buffer {
  const places = ["遵义", "铜仁", "毕节", "安顺"];
  const parts = [`${places[n % 4]}第${n}批产业链党建示范点建成`, `本报记者 李${"明华军丽"[n % 4]}`];
  for (let i = 0; i < 3; i++)
    parts.push(
      `${places[(n + i) % 4]}建成红色驿站${n * 10 + i}个，服务新就业群体${n * 100 + i}人次。支部建在园区第${n}号楼，企业党员${i + n}名带头攻坚。`,
    );
  return Buffer.from(`${parts.join("\n\n")}\n`);
}

beforeAll(async () => {
  dirs = await makeLibraryDirs();
  const store = new LocalCorpusStore({ indexDir: dirs.indexDir, dataDir: dirs.dataDir, embedder: TEST_EMBEDDER });
  await store.open();
  const seedIds = store.current().articles.map((article) => article.docId);
  builtSourcesInode = (await stat(path.join(dirs.indexDir, "sources.json"))).ino;
  const add = async (n: number) => (await store.add([{ name: `page-${n}.txt`, bytes: page(n) }]))[0]!.sourceId;
  const [a, b] = [await add(1), await add(2)];
  await add(3);
  await store.remove(b); // added, then removed: replayed at once, it never reaches BM25
  const seed = store.current().manifest.sources.find((source) => source.origin === "seed")!;
  await store.remove(seed.sourceId); // a page of the build
  await add(4);
  await store.remove(a);
  expect(await add(2)).toBe(b); // the same bytes again: the same source and docIds, new labels
  const c = await add(5);
  await store.remove(c);
  expect(await add(5)).toBe(c);
  await store.remove(c); // removed a second time: its first upload's chunks are long gone
  live = store.current();
  expect(live.manifest.deltas).toHaveLength(12);
  everDocIds = [...new Set([...seedIds, ...live.articles.map((article) => article.docId)])];
  await store.close();
  reopened = await openSearchIndex(dirs.indexDir, TEST_EMBEDDER);
  const all = (await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"))).questions;
  questions = [
    ...all.filter((question) => question.split === "dev").map((question) => question.question),
    "遵义建成多少个红色驿站？",
    "铜仁服务新就业群体多少人次？",
  ];
}, 120_000);

afterAll(async () => {
  await rm(dirs.workDir, { recursive: true, force: true });
});

describe("replayDeltas (an index opened with its deltas)", () => {
  it("holds the articles and chunks the live store holds, in the same order", () => {
    expect(reopened.articles.map((article) => article.docId)).toEqual(live.articles.map((article) => article.docId));
    expect(reopened.chunks.map((chunk) => chunk.chunkId)).toEqual(live.chunks.map((chunk) => chunk.chunkId));
    for (const docId of everDocIds) expect(reopened.articleById.get(docId), docId).toEqual(live.articleById.get(docId));
    expect(reopened.articleById.has(live.articles[0]!.docId)).toBe(true);
  });

  it("counts each live chunk once, after a page was uploaded, removed, uploaded and removed again", () => {
    const lastLabel = new Map(live.chunks.map((chunk, label) => [chunk.chunkId, label]));
    const liveChunks = live.chunks.filter(
      (chunk, label) => live.articleById.has(chunk.docId) && lastLabel.get(chunk.chunkId) === label,
    );
    expect(live.bm25.size).toBe(liveChunks.length);
    expect(reopened.bm25.size).toBe(liveChunks.length);
  });

  it("reads its sources as the build's sources file, shared by every version since, plus the changes since", async () => {
    const manifest = (await readManifest(dirs.indexDir))!;
    expect(manifest.sources).toEqual(live.manifest.sources);
    expect(reopened.manifest.sources).toEqual(live.manifest.sources);
    expect(manifest.sourceChanges).toEqual(live.manifest.sourceChanges);
    // Pages 3, 4 and 2 (uploaded again) are added since the build, one seed page is removed; page 5 is gone again.
    expect(manifest.sourceChanges!.added.map((record) => record.name)).toEqual([
      "page-3.txt",
      "page-4.txt",
      "page-2.txt",
    ]);
    expect(manifest.sourceChanges!.removed).toHaveLength(1);
    expect((await stat(path.join(dirs.indexDir, "sources.json"))).ino).toBe(builtSourcesInode);
    const written = JSON.parse(await readFile(path.join(dirs.indexDir, "manifest.json"), "utf8")) as object;
    expect("sources" in written).toBe(false);
  });

  it("has the same word statistics and BM25 results", () => {
    expect(reopened.bm25.size).toBe(live.bm25.size);
    const words = live.bm25.words().sort();
    expect(reopened.bm25.words().sort()).toEqual(words);
    for (const word of words)
      expect(reopened.bm25.documentFrequency(word), word).toBe(live.bm25.documentFrequency(word));
    for (const question of questions) {
      const tokens = live.segmenter.tokens(question);
      expect(reopened.bm25.search(tokens, 30), question).toEqual(live.bm25.search(tokens, 30));
      expect(reopened.bm25.searchExhaustive(tokens, 30), question).toEqual(live.bm25.searchExhaustive(tokens, 30));
    }
  });

  it("retrieves the same chunks, vectors included, and finds the pages still there but not the removed ones", async () => {
    const [before, after] = [new Retriever(live), new Retriever(reopened)];
    for (const question of questions) {
      const ids = async (retriever: Retriever) =>
        (await retriever.retrieve(question, 10)).map((hit) => [hit.chunk.chunkId, hit.score]);
      expect(await ids(after), question).toEqual(await ids(before));
    }
    const texts = async (question: string) =>
      (await after.retrieve(question, 10)).map((hit) => hit.chunk.text).join("\n");
    expect(await texts("遵义建成红色驿站40个")).toContain("红色驿站40个"); // page 4
    expect(await texts("安顺建成红色驿站21个")).toContain("红色驿站21个"); // page 2, uploaded again
    expect(await texts("铜仁建成红色驿站10个")).not.toContain("红色驿站10个"); // page 1, removed
  });
});
