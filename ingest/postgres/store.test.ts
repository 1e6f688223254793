// The PostgreSQL + pgvector store on a real PostgreSQL-compatible server started
// by the test (PGlite with pgvector behind its socket server, as `npm run db`):
// the seeds ingested into it retrieve the same passages as the local store, a
// re-ingest flips the version for a reader that watches, and an unchanged one
// writes nothing.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Retriever } from "../../server/retrieval/retriever.js";
import { TEST_EMBEDDER, TEST_HNSW } from "../../server/test-support/corpus-index.js";
import { startSeededDatabase, type SeededDatabase } from "../../server/test-support/seeded-database.js";
import { runIngest } from "../pipeline.js";
import { openSearchIndex } from "../search-index.js";
import { PostgresCorpusStore } from "./store.js";

const QUESTIONS = [
  "江苏有多少产业链党建联盟?",
  "贵州省工信厅推动建立了多少个产业链党建联盟？",
  "什么是产业链党建",
  "甘肃省在产业发展方面做了什么",
];

describe("the PostgreSQL store", () => {
  let database: SeededDatabase;
  let store: PostgresCorpusStore;
  const ingest = (force = false) => database.ingest({ force });

  beforeAll(async () => {
    database = await startSeededDatabase("pg-store-");
    store = new PostgresCorpusStore({ url: database.url, embedder: TEST_EMBEDDER });
    await store.open();
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await database?.close();
  });

  it("holds the seed corpus and writes no index folder", async () => {
    expect(store.current().manifest.counts).toMatchObject({ files: 5, articles: 23 });
    expect(store.list()).toHaveLength(5);
    expect(existsSync(path.join(database.workDir, "unused-index"))).toBe(false);
  });

  it("retrieves what the local store retrieves: SQL BM25 and pgvector HNSW", async () => {
    const localDir = path.join(database.workDir, "local-index");
    await runIngest({
      seedsDir: database.seedsDir,
      indexDir: localDir,
      embedder: TEST_EMBEDDER,
      hnsw: TEST_HNSW,
    });
    const local = new Retriever(await openSearchIndex(localDir, TEST_EMBEDDER));
    const fromDatabase = new Retriever(store.current());
    for (const question of QUESTIONS) {
      const ids = async (retriever: Retriever) =>
        (await retriever.retrieve(question, 5)).map((hit) => hit.chunk.chunkId);
      const lexical = async (retriever: Retriever) =>
        (await retriever.lexicalSearch(question, 10)).map((hit) => retriever.index.chunks[hit.index]?.chunkId);
      expect(await lexical(fromDatabase)).toEqual(await lexical(local));
      expect(await ids(fromDatabase)).toEqual(await ids(local));
    }
    const [top] = await fromDatabase.retrieve("江苏有多少产业链党建联盟?", 1);
    expect(top?.chunk.text).toContain("901");
  });

  it("says up to date when nothing changed, and a reader moves to a new version once it is flipped", async () => {
    expect((await ingest()).upToDate).toBe(true);
    expect(await store.refresh()).toBe(false);
    await writeFile(
      path.join(database.seedsDir, "bijie.md"),
      "毕节市夜校培训\n\n本报记者 张华\n\n今年以来，毕节市开办乡村夜校134所，培训农民三万余人次。\n",
    );
    const before = store.current();
    expect((await ingest()).files).toBe(6);
    expect(store.current()).toBe(before); // nothing changes under a reader until it looks
    expect(await store.refresh()).toBe(true);
    expect(store.current().manifest.counts.files).toBe(6);
    const [top] = await new Retriever(store.current()).retrieve("毕节市开办了多少所乡村夜校？", 1);
    expect(top?.chunk.text).toContain("134");
    // The snapshot a request started on still searches its own version.
    expect((await new Retriever(before).retrieve("江苏有多少产业链党建联盟?", 1))[0]?.chunk.text).toContain("901");
  });

  it("adds and removes an upload as one version each, seen by another store, and a full ingest keeps it", async () => {
    const other = new PostgresCorpusStore({ url: database.url, embedder: TEST_EMBEDDER });
    await other.open();
    try {
      const stages: string[] = [];
      const page =
        "宿迁市党建引领快递进村\n\n本报记者 李明\n\n截至目前，宿迁市建成村级快递服务点912个，实现行政村全覆盖。\n";
      const [added] = await store.add([{ name: "宿迁 快递.md", bytes: Buffer.from(page) }], (progress) =>
        stages.push(progress.stage),
      );
      expect(stages).toEqual(["parse", "parse", "embed", "index", "ready"]);
      await expect(store.add([{ name: "again.md", bytes: Buffer.from(page) }])).rejects.toMatchObject({
        code: "duplicate_source",
      });
      expect(await other.refresh()).toBe(true);
      const [hit] = await new Retriever(other.current()).retrieve("宿迁市建成了多少个村级快递服务点？", 1);
      expect(hit?.chunk.text).toContain("912");
      expect(hit?.article.sourceId).toBe(added?.sourceId);
      // A full ingest reads the original back from the database.
      expect((await ingest(true)).files).toBe(7);
      await other.refresh();
      expect(other.list().map((source) => source.sourceId)).toContain(added?.sourceId);
      await store.refresh();
      await store.remove(added?.sourceId ?? "");
      await other.refresh();
      expect(other.list().map((source) => source.sourceId)).not.toContain(added?.sourceId);
      const [after] = await new Retriever(other.current()).retrieve("宿迁市建成了多少个村级快递服务点？", 3);
      expect(after?.article.sourceId).not.toBe(added?.sourceId);
    } finally {
      await other.close();
    }
  }, 60_000);

  it("is down while the database is away, answers database_unavailable, and recovers when it is back", async () => {
    await database.stop();
    await expect(store.refresh()).rejects.toThrow();
    expect(store.state).toBe("down");
    await expect(new Retriever(store.current()).retrieve("江苏有多少产业链党建联盟?")).rejects.toMatchObject({
      code: "database_unavailable",
    });
    await database.start();
    expect(await store.refresh()).toBe(false);
    expect(store.state).toBe("ready");
    expect((await new Retriever(store.current()).retrieve("江苏有多少产业链党建联盟?", 1))[0]?.chunk.text).toContain(
      "901",
    );
  }, 60_000);
});
