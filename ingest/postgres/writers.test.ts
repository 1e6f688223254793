// Several writers on one corpus database (PGlite with pgvector behind its
// socket server, as `npm run db`): two full ingests at once, an upload during
// an ingest, a writer that died half-way and a lease that is held. Whatever
// the interleaving, readers see one whole version, and nothing is lost.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_EMBEDDER } from "../../server/test-support/corpus-index.js";
import { startSeededDatabase, type SeededDatabase } from "../../server/test-support/seeded-database.js";
import { takeLease } from "./lease.js";
import { insertArticles } from "./rows.js";
import type { PostgresSearchIndex } from "./snapshot.js";
import { PostgresCorpusStore } from "./store.js";
import { reserveVersion } from "./versions.js";

const PAGE = "毕节市夜校培训\n\n本报记者 张华\n\n今年以来，毕节市开办乡村夜校134所，培训农民三万余人次。\n";
const UPLOAD =
  "宿迁市党建引领快递进村\n\n本报记者 李明\n\n截至目前，宿迁市建成村级快递服务点912个，实现行政村全覆盖。\n";

/** A snapshot is whole when its counts, articles and chunks agree with each other. */
function expectWhole(snapshot: PostgresSearchIndex): void {
  expect(snapshot.articles).toHaveLength(snapshot.manifest.counts.articles);
  expect(snapshot.chunks).toHaveLength(snapshot.manifest.counts.chunks);
  expect(snapshot.chunks.every((chunk) => snapshot.articleById.has(chunk.docId))).toBe(true);
  expect(new Set(snapshot.articles.map((article) => article.docId)).size).toBe(snapshot.articles.length);
}

describe("writers on the PostgreSQL store", () => {
  let database: SeededDatabase;
  let store: PostgresCorpusStore;
  const ingest = (onWait?: (pid: number) => void, onProgress?: (progress: { stage: string }) => void) =>
    database.ingest({ force: true, onWait, onProgress });

  beforeAll(async () => {
    database = await startSeededDatabase("pg-writers-");
    store = new PostgresCorpusStore({ url: database.url, embedder: TEST_EMBEDDER });
    await store.open();
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await database?.close();
  });

  it("runs two full ingests one after the other, the second waiting for the first", async () => {
    await writeFile(path.join(database.seedsDir, "bijie.md"), PAGE);
    const waited: number[] = [];
    const [first, second] = await Promise.all([ingest(), ingest((pid) => waited.push(pid))]);
    expect(waited).toEqual([process.pid]);
    expect([first.files, second.files]).toEqual([6, 6]);
    await store.refresh();
    expectWhole(store.current());
    expect(store.current().manifest.counts.files).toBe(6);
  }, 120_000);

  it("makes an upload sent during a full ingest wait for it, then land on the new version", async () => {
    let upload: Promise<unknown> | undefined;
    const ingesting = ingest(undefined, (progress) => {
      if (progress.stage === "embed") upload ??= store.add([{ name: "宿迁 快递.md", bytes: Buffer.from(UPLOAD) }]);
    });
    await ingesting;
    await upload;
    const reader = new PostgresCorpusStore({ url: database.url, embedder: TEST_EMBEDDER });
    try {
      const snapshot = await reader.open();
      expectWhole(snapshot);
      expect(snapshot.manifest.sources.map((source) => source.name)).toContain("宿迁 快递.md");
      expect(snapshot.chunks.some((chunk) => chunk.text.includes("912"))).toBe(true);
    } finally {
      await reader.close();
    }
  }, 120_000);

  it("hides what a writer that died left half-written, and the next writer removes it", async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const before = store.current();
      // A writer that reserved a version and wrote some rows, then died before its flip.
      const stored = { manifest: before.manifest, userDictionary: "" };
      const dead = await reserveVersion(pool, before.active.generation, stored);
      await insertArticles(pool, dead, [{ ...before.articles[0]!, docId: "dead-writer-a01" }], before.articles.length);
      expect(await store.refresh()).toBe(false);
      expect(store.current().articleById.has("dead-writer-a01")).toBe(false);
      const [added] = await store.add([{ name: "毕节 新页.md", bytes: Buffer.from(PAGE.replace("134", "135")) }]);
      expectWhole(store.current());
      expect(store.current().articleById.has("dead-writer-a01")).toBe(false);
      const left = await pool.query("SELECT count(*)::int AS n FROM corpus_articles WHERE doc_id = 'dead-writer-a01'");
      expect(left.rows[0]).toEqual({ n: 0 });
      await store.remove(added?.sourceId ?? "");
      expectWhole(store.current());
    } finally {
      await pool.end();
    }
  }, 60_000);

  it("tells a writer who holds the lease and gives up after its wait; an expired lease is taken over", async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const held = await takeLease(pool, { purpose: "a test writer" });
      const waiting = new PostgresCorpusStore({ url: database.url, embedder: TEST_EMBEDDER, lockWaitMs: 500 });
      await waiting.open();
      try {
        const upload = waiting.add([{ name: "x.md", bytes: Buffer.from(UPLOAD.replace("912", "913")) }]);
        const holder = `Another writer \\(a test writer, process ${process.pid} on .+\\) is updating the corpus`;
        await expect(upload).rejects.toMatchObject({ code: "index_busy", message: expect.stringMatching(holder) });
        await pool.query("UPDATE corpus_lease SET expires_at = now() - interval '1 second'");
        const taken = await takeLease(pool, { purpose: "the next writer", waitMs: 0 });
        await expect(held.release()).resolves.toBeUndefined(); // releases nothing: the lease is no longer its
        const { rows } = await pool.query<{ description: string }>("SELECT description FROM corpus_lease");
        expect(rows[0]?.description).toMatch(/^the next writer/);
        await taken.release();
      } finally {
        await waiting.close();
      }
    } finally {
      await pool.end();
    }
  }, 60_000);
});
