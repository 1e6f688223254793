// The SQLite store on a real file in a temp folder: answers, feedback and saved
// briefings round-trip, survive closing and reopening, and a file written by a
// newer schema is refused rather than misread.
import Database from "better-sqlite3";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore, type SqliteStore } from "./sqlite.js";
import type { RecordedAnswer, SavedBriefingContent } from "./types.js";

const JIANGSU_QUOTE = "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。";

function answer(answerId: string, createdAt = new Date().toISOString()): RecordedAnswer {
  return {
    answerId,
    createdAt,
    question: "江苏有多少产业链党建联盟?",
    answer: "江苏省累计建立产业链党建联盟(党委)901个[1]。",
    citations: [
      {
        n: 1,
        docId: "003_518b5102fb447ec0-a01",
        source: "seeds/003_518b5102fb447ec0.txt",
        title: "党建聚合力 发展增动能",
        quote: JIANGSU_QUOTE,
        start: 1414,
        end: 1468,
      },
    ],
    mode: "extractive",
    refused: false,
    coverage: "answered",
    scope: { province: "江苏" },
  };
}

const BRIEFING: SavedBriefingContent = {
  topic: "产业链党建",
  title: "关于“产业链党建”的简报",
  mode: "extractive",
  figures: [{ value: "901个", label: "产业链党建联盟(党委)", citation: 1 }],
  points: [{ id: "p1", text: `${JIANGSU_QUOTE}[1]`, citations: [1] }],
  citations: answer("x").citations,
};

describe("the SQLite store", () => {
  let dir: string;
  let file: string;
  let store: SqliteStore;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "store-"));
    file = path.join(dir, "nested", "assistant.sqlite");
    store = openSqliteStore(file);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps answers and their feedback across a close and reopen", async () => {
    const recorded = answer("a-1");
    await store.answers.record(recorded);
    const saved = await store.feedback.put({
      answerId: "a-1",
      rating: "down",
      reason: "数字错误",
      comment: "应为 901 个",
    });
    expect(saved).toMatchObject({ answerId: "a-1", rating: "down", reason: "数字错误", comment: "应为 901 个" });
    await store.close();
    store = openSqliteStore(file);
    expect(await store.answers.get("a-1")).toEqual(recorded);
    expect(await store.feedback.forAnswers(["a-1", "a-unknown"])).toEqual([saved]);
  });

  it("replaces an answer's feedback instead of adding a second one, and refuses an unknown answer", async () => {
    await store.answers.record(answer("a-2"));
    await store.feedback.put({ answerId: "a-2", rating: "down", reason: "其他", comment: "第一次" });
    const second = await store.feedback.put({ answerId: "a-2", rating: "up" });
    expect(second).toMatchObject({ rating: "up" });
    expect(second).not.toHaveProperty("reason");
    expect(second).not.toHaveProperty("comment");
    expect(await store.feedback.forAnswers(["a-2"])).toHaveLength(1);
    expect(await store.feedback.put({ answerId: "nope", rating: "up" })).toBeUndefined();
  });

  it("lists every 👎 with the answer it was given on", async () => {
    for (const id of ["a-3", "a-4", "a-5"]) await store.answers.record(answer(id));
    await store.feedback.put({ answerId: "a-3", rating: "down", reason: "出处不对" });
    await store.feedback.put({ answerId: "a-4", rating: "up" });
    await store.feedback.put({ answerId: "a-5", rating: "down", reason: "不该拒答", comment: "资料里有" });
    const downvoted = await store.feedback.downvoted();
    expect(downvoted.map((entry) => [entry.answer.answerId, entry.feedback.reason])).toEqual([
      ["a-3", "出处不对"],
      ["a-5", "不该拒答"],
    ]);
    expect(downvoted[1]!.answer.citations[0]!.quote).toBe(JIANGSU_QUOTE);
  });

  it("prunes the oldest unrated answers but keeps rated ones", async () => {
    const log = store.answers;
    for (let i = 0; i < 6; i++) await log.record(answer(`old-${i}`, `2025-01-0${i + 1}T00:00:00.000Z`));
    await store.feedback.put({ answerId: "old-0", rating: "down", reason: "其他" });
    expect(log.prune(3)).toBe(2);
    expect(await log.get("old-0")).toBeDefined();
    expect(await log.get("old-1")).toBeUndefined();
    expect(await log.get("old-2")).toBeUndefined();
    expect(await log.get("old-5")).toBeDefined();
  });

  it("creates, lists (newest first), replaces and deletes saved briefings", async () => {
    const first = await store.briefings.create(BRIEFING);
    const second = await store.briefings.create({ ...BRIEFING, topic: "快递进村", title: "快递进村简报" });
    expect(first.id).toMatch(/^b-/);
    expect((await store.briefings.list()).map((summary) => summary.title)).toEqual([
      "快递进村简报",
      "关于“产业链党建”的简报",
    ]);
    const edited = await store.briefings.replace(first.id, { ...BRIEFING, title: "产业链党建学习简报", points: [] });
    expect(edited).toMatchObject({ id: first.id, title: "产业链党建学习简报", points: [], createdAt: first.createdAt });
    expect((await store.briefings.list())[0]).toMatchObject({ id: first.id, points: 0 });
    expect(await store.briefings.replace("b-missing", BRIEFING)).toBeUndefined();
    expect(await store.briefings.delete(second.id)).toBe(true);
    expect(await store.briefings.delete(second.id)).toBe(false);
    expect(await store.briefings.get(second.id)).toBeUndefined();
  });

  it("refuses a file written by a newer schema", async () => {
    await store.close();
    const db = new Database(file);
    db.pragma("user_version = 99");
    db.close();
    expect(() => openSqliteStore(file)).toThrow(/newer version \(schema 99/);
    store = openSqliteStore(":memory:");
  });
});
