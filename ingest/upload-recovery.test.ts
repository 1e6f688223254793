// Uploads are the one part of the corpus that exists nowhere but here, so no damage
// to the index may lose them: with a manifest that cannot be read (or an index
// folder removed), a rebuild finds the uploads by the records kept beside their
// originals, and the store's tidy-up does not take them for orphans.
import { access, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Answerer } from "../server/answer/answerer.js";
import { Retriever } from "../server/retrieval/retriever.js";
import { makeLibraryDirs, type LibraryDirs } from "../server/test-support/library-app.js";
import { TEST_EMBEDDER, TEST_HNSW } from "../server/test-support/corpus-index.js";
import { runIngest } from "./pipeline.js";
import { LocalCorpusStore } from "./store-local.js";
import { readManifest } from "./store.js";
import { DOCX_FACTS, makeDocx } from "./test-support/source-fixtures.js";

let dirs: LibraryDirs;
const uploadsDir = () => path.join(dirs.dataDir, "uploads");
const openStore = async () => {
  const store = new LocalCorpusStore({ indexDir: dirs.indexDir, dataDir: dirs.dataDir, embedder: TEST_EMBEDDER });
  await store.open();
  return store;
};
const rebuild = () =>
  runIngest({ seedsDir: dirs.seedsDir, indexDir: dirs.indexDir, embedder: TEST_EMBEDDER, hnsw: TEST_HNSW });
const answerOf = async (store: LocalCorpusStore, question: string) =>
  (await new Answerer({ retriever: new Retriever(store.current()) }).answer({ question })).answer;

beforeAll(async () => {
  dirs = await makeLibraryDirs();
});
afterAll(async () => {
  await rm(dirs.workDir, { recursive: true, force: true });
});

describe("uploads survive an index that cannot be read", () => {
  let sourceId: string;

  it("keeps each upload's record beside its original", async () => {
    const store = await openStore();
    const [added] = await store.add([{ name: "铜仁 产业工人.docx", bytes: await makeDocx() }]);
    await store.close();
    sourceId = added!.sourceId;
    expect((await readdir(uploadsDir())).sort()).toEqual([`${sourceId}.docx`, `${sourceId}.docx.record.json`]);
  });

  it("a rebuild over a damaged manifest indexes the upload again, under its own name, and the store keeps it", async () => {
    await writeFile(path.join(dirs.indexDir, "manifest.json"), '{"formatVersion": 4, "sources": [');
    const summary = await rebuild();
    expect(summary.files).toBe(6);
    const manifest = await readManifest(dirs.indexDir);
    expect(manifest?.sources.find((source) => source.sourceId === sourceId)).toMatchObject({
      name: "铜仁 产业工人.docx",
      origin: "upload",
      format: "docx",
      title: DOCX_FACTS.title,
    });
    const store = await openStore(); // its tidy-up runs here
    expect(await answerOf(store, DOCX_FACTS.question)).toContain(DOCX_FACTS.figure);
    await store.close();
    await access(path.join(uploadsDir(), `${sourceId}.docx`));
  });

  it("so does a rebuild after the index folder was removed", async () => {
    await rm(dirs.indexDir, { force: true });
    await rm(`${dirs.indexDir}.versions`, { recursive: true, force: true });
    expect((await rebuild()).files).toBe(6);
    expect((await readManifest(dirs.indexDir))?.sources.map((source) => source.sourceId)).toContain(sourceId);
  });

  it("removing the source removes its original and its record", async () => {
    const store = await openStore();
    await store.remove(sourceId);
    await store.close();
    expect(await readdir(uploadsDir())).toEqual([]);
    expect((await rebuild()).files).toBe(5);
  });

  it("an original and record no version lists (an upload killed before it was published) are tidied away", async () => {
    await writeFile(path.join(uploadsDir(), "u-000000000000.txt"), "半截上传");
    await writeFile(path.join(uploadsDir(), "u-000000000000.txt.record.json"), "{}");
    const store = await openStore();
    await store.close();
    expect(await readdir(uploadsDir())).toEqual([]);
  });
});
