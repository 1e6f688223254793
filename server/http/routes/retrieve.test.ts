// The evaluator and suggestion routes on the real server: the retrieval check
// (ranked passages with BM25, vector and fused scores, the chosen evidence),
// ADMIN_TOKEN lifting its rate limit, the scope options, and follow-up
// suggestions that the corpus really answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AskResponseBody,
  FollowUps,
  RetrievalCheckResponseBody,
  ScopeOptionsResponseBody,
} from "../../protocol.js";
import { buildCorpusIndex, type CorpusIndex } from "../../test-support/corpus-index.js";
import { expectErrorReply, requestJson } from "../../test-support/http.js";
import { startApp, type RunningApp } from "../../test-support/running-app.js";

const ADMIN = "evaluator-token-0123456789";
let corpus: CorpusIndex;
let server: RunningApp;
const api = (path: string) => `${server.url}/api${path}`;
const retrieve = (body: unknown, headers: Record<string, string> = {}) =>
  requestJson<RetrievalCheckResponseBody>(api("/retrieve"), "POST", body, headers);

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  server = await startApp(corpus, { adminToken: ADMIN });
});

afterAll(async () => {
  await server.close();
  await corpus.cleanup();
});

describe("POST /api/retrieve", () => {
  it("ranks passages with BM25, vector and fused scores and marks the cited one", async () => {
    const { status, body } = await retrieve({ question: "江苏有多少产业链党建联盟?" }, { "x-admin-token": ADMIN });
    expect(status).toBe(200);
    expect(body.queries[0]?.query).toBe("江苏有多少产业链党建联盟?");
    const passages = body.queries[0]!.passages;
    expect(passages.length).toBe(20);
    expect(passages.map((passage) => passage.rank)).toEqual(passages.map((_passage, i) => i + 1));
    const fused = passages.map((passage) => passage.fused.score);
    expect(fused).toEqual([...fused].sort((a, b) => b - a));
    const top = passages[0]!;
    expect(top.docId).toBe("003_518b5102fb447ec0-a01");
    expect(top.bm25?.rank).toBeGreaterThan(0);
    expect(top.bm25?.score).toBeGreaterThan(0);
    expect(top.vector?.similarity).toBeGreaterThan(0);
    expect(body.evidence[0]?.quote).toContain("901个");
    const cited = passages.filter((passage) => passage.cited.includes(1));
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.every((passage) => passage.docId === body.evidence[0]?.docId)).toBe(true);
    expect(body.answer).toMatchObject({ refused: false, coverage: "answered", mode: "extractive" });
    expect(body.answer.text).toContain("901个");
  });

  it("searches inside a scope", async () => {
    const { body } = await retrieve(
      { question: "有多少产业链党建联盟？", scope: { province: "甘肃" } },
      { "x-admin-token": ADMIN },
    );
    expect(body.queries[0]!.passages.every((passage) => passage.source === "seeds/004_4fe301b4031d4404.txt")).toBe(
      true,
    );
    expect(body.answer.refused).toBe(true);
  });

  it("refuses bad input and rate-limits callers without ADMIN_TOKEN", async () => {
    expect(expectErrorReply(await retrieve({}, { "x-admin-token": ADMIN }), 400, "bad_request")).toContain(
      "question is required",
    );
    expectErrorReply(
      await retrieve({ question: "长".repeat(1001) }, { "x-admin-token": ADMIN }),
      400,
      "question_too_long",
    );
    expect(
      expectErrorReply(await retrieve({ question: "江苏" }, { "x-admin-token": "wrong-token" }), 401, "unauthorized"),
    ).toContain("X-Admin-Token");
    const limited = await startApp(corpus, { rateLimitPerMinute: 3, adminToken: ADMIN });
    try {
      const check = (headers: Record<string, string> = {}) =>
        requestJson(`${limited.url}/api/retrieve`, "POST", { question: "江苏" }, headers);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await check()).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await check({ "x-admin-token": ADMIN })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("GET /api/scope-options", () => {
  it("lists the corpus's provinces with their article counts, and its source files", async () => {
    const { body } = await requestJson<ScopeOptionsResponseBody>(api("/scope-options"), "GET");
    expect(body.provinces[0]).toEqual({ province: "贵州", articles: 15 });
    expect(body.provinces).toContainEqual({ province: "江苏", articles: 1 });
    expect(body.sources.map((source) => source.source)).toHaveLength(5);
    expect(body.sources).toContainEqual({
      source: "seeds/003_518b5102fb447ec0.txt",
      sourceId: "003_518b5102fb447ec0",
      sourceName: "党建聚合力 发展增动能",
      title: "党建聚合力 发展增动能",
      articles: 4,
    });
  });
});

describe("GET /api/answers/:answerId/follow-ups", () => {
  it("suggests questions the corpus answers from the cited page with a passage the answer did not use", async () => {
    const answer = (await requestJson<AskResponseBody>(api("/ask"), "POST", { question: "江苏有多少产业链党建联盟?" }))
      .body;
    const { body } = await requestJson<FollowUps>(api(`/answers/${answer.answerId}/follow-ups`), "GET");
    expect(body.from).toBe("offline");
    expect(body.followUps.length).toBeGreaterThan(0);
    for (const question of body.followUps) {
      const followed = (await requestJson<AskResponseBody>(api("/ask"), "POST", { question })).body;
      expect(followed.refused).toBe(false);
      expect(followed.citations.some((citation) => citation.source === "seeds/003_518b5102fb447ec0.txt")).toBe(true);
      expect(followed.citations.map((citation) => citation.quote)).not.toEqual(
        answer.citations.map((citation) => citation.quote),
      );
    }
    const refused = (
      await requestJson<AskResponseBody>(api("/ask"), "POST", { question: "浙江省建立了多少个产业链党建联盟？" })
    ).body;
    expect(
      (await requestJson<FollowUps>(api(`/answers/${refused.answerId}/follow-ups`), "GET")).body.followUps,
    ).toEqual([]);
    expectErrorReply(
      await requestJson(api("/answers/00000000-0000-4000-8000-000000000000/follow-ups"), "GET"),
      404,
      "not_found",
    );
    expectErrorReply(await requestJson(api("/answers/nope/follow-ups"), "GET"), 400, "bad_request");
  });
});
