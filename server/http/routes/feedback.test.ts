// Feedback through the real routes: 👍/👎 on an answer the server gave (HTTP and
// socket answers both carry an answerId), bad input refused with the field
// named, feedback read back after the server restarts on the same store file,
// and 👎 answers downloaded as draft eval lines.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AskResponseBody, FeedbackListResponseBody, FeedbackResponseBody } from "../../protocol.js";
import { openSqliteStore } from "../../store/sqlite.js";
import { buildCorpusIndex, type CorpusIndex } from "../../test-support/corpus-index.js";
import { expectErrorReply, requestJson } from "../../test-support/http.js";
import { askOverSocket, startApp, type RunningApp } from "../../test-support/running-app.js";

let corpus: CorpusIndex;
let dir: string;
let server: RunningApp;
const storeFile = () => path.join(dir, "assistant.sqlite");
const ask = async (question: string) =>
  (await requestJson<AskResponseBody>(`${server.url}/api/ask`, "POST", { question })).body;
const feedback = (body: unknown) => requestJson<FeedbackResponseBody>(`${server.url}/api/feedback`, "POST", body);

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  dir = await mkdtemp(path.join(os.tmpdir(), "feedback-"));
  server = await startApp(corpus, { store: openSqliteStore(storeFile()) });
});

afterAll(async () => {
  await server.close();
  await server.store.close();
  await corpus.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe("answerId", () => {
  it("comes with every answer, over HTTP and over the socket, and names the recorded answer", async () => {
    const http = await ask("江苏有多少产业链党建联盟?");
    expect(http.answerId).toMatch(/^[0-9a-f-]{36}$/);
    const streamed = await askOverSocket(server.connect(), { question: "江苏有多少产业链党建联盟?" });
    expect(streamed.done?.answerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(streamed.done?.answerId).not.toBe(http.answerId);
    const recorded = await server.store.answers.get(http.answerId);
    expect(recorded).toMatchObject({ question: "江苏有多少产业链党建联盟?", refused: false, answer: http.answer });
    expect(recorded?.citations[0]?.quote).toContain("901个");
  });
});

describe("POST /api/feedback", () => {
  it("stores a 👎 with its reason and comment, and reads it back after a restart", async () => {
    const answer = await ask("贵州省工信厅推动建立了多少个产业链党建联盟？");
    const saved = await feedback({
      answerId: answer.answerId,
      rating: "down",
      reason: "数字错误",
      comment: "  应核对42个  ",
    });
    expect(saved.status).toBe(200);
    expect(saved.body.feedback).toMatchObject({
      answerId: answer.answerId,
      rating: "down",
      reason: "数字错误",
      comment: "应核对42个",
    });

    await server.close();
    await server.store.close();
    server = await startApp(corpus, { store: openSqliteStore(storeFile()) });
    const read = await requestJson<FeedbackListResponseBody>(
      `${server.url}/api/feedback?answerId=${answer.answerId}`,
      "GET",
    );
    expect(read.body.feedback).toEqual([saved.body.feedback]);
  });

  it("replaces an earlier rating of the same answer", async () => {
    const answer = await ask("江苏有多少产业链党建联盟?");
    await feedback({ answerId: answer.answerId, rating: "down", reason: "出处不对" });
    const second = await feedback({ answerId: answer.answerId, rating: "up" });
    expect(second.body.feedback).toMatchObject({ rating: "up" });
    const read = await requestJson<FeedbackListResponseBody>(
      `${server.url}/api/feedback?answerId=${answer.answerId}`,
      "GET",
    );
    expect(read.body.feedback.map((entry) => entry.rating)).toEqual(["up"]);
  });

  it("refuses bad input, naming the field and what it must be", async () => {
    const { answerId } = await ask("江苏有多少产业链党建联盟?");
    expect(expectErrorReply(await feedback({ rating: "down" }), 400, "bad_request")).toContain("answerId is required");
    expect(expectErrorReply(await feedback({ answerId: "42", rating: "down" }), 400, "bad_request")).toContain(
      "answerId",
    );
    expect(expectErrorReply(await feedback({ answerId, rating: "meh" }), 400, "bad_request")).toContain(
      'rating must be "up"',
    );
    expect(
      expectErrorReply(await feedback({ answerId, rating: "down", reason: "太长" }), 400, "bad_request"),
    ).toContain("数字错误");
    expect(
      expectErrorReply(await feedback({ answerId, rating: "up", reason: "数字错误" }), 400, "bad_request"),
    ).toContain("reason goes with a 👎");
    expect(
      expectErrorReply(await feedback({ answerId, rating: "down", reason: "其他" }), 400, "bad_request"),
    ).toContain("comment");
    expect(
      expectErrorReply(await feedback({ answerId, rating: "down", comment: "x".repeat(1001) }), 400, "bad_request"),
    ).toContain("1000");
    expect(expectErrorReply(await feedback({ answerId, rating: "down", extra: 1 }), 400, "bad_request")).toContain(
      "extra",
    );
    expect(expectErrorReply(await feedback("[1,2]"), 400, "bad_request")).toContain("JSON object");
    expect(expectErrorReply(await feedback("{nope"), 400, "bad_request")).toContain("not valid JSON");
    const unknown = await feedback({ answerId: "00000000-0000-4000-8000-000000000000", rating: "up" });
    expect(expectErrorReply(unknown, 404, "not_found")).toContain("No answer");
    const badQuery = await requestJson(`${server.url}/api/feedback?answerId=../etc`, "GET");
    expect(expectErrorReply(badQuery, 400, "bad_request")).toContain("answerId");
  });
});

describe("GET /api/feedback/drafts.jsonl", () => {
  it("turns each 👎 into a draft eval line: the question, the answer given, its citations, the reason", async () => {
    const refusedAnswer = await ask("浙江省建立了多少个产业链党建联盟？");
    await feedback({ answerId: refusedAnswer.answerId, rating: "down", reason: "不该拒答", comment: "资料里有" });
    const response = await fetch(`${server.url}/api/feedback/drafts.jsonl`);
    expect(response.headers.get("content-disposition")).toContain("feedback-drafts.jsonl");
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const byQuestion = new Map(lines.map((line) => [line.question, line]));
    expect(byQuestion.get("贵州省工信厅推动建立了多少个产业链党建联盟？")).toMatchObject({
      split: "dev",
      draft: { reason: "数字错误", comment: "应核对42个", refusedByAssistant: false },
    });
    expect(byQuestion.get("贵州省工信厅推动建立了多少个产业链党建联盟？").draft.answerGiven).toContain("42个");
    expect(byQuestion.get("贵州省工信厅推动建立了多少个产业链党建联盟？").draft.citations[0].quote).toContain("42个");
    expect(byQuestion.get("浙江省建立了多少个产业链党建联盟？")).toMatchObject({
      refuse: false,
      draft: { reason: "不该拒答", refusedByAssistant: true },
    });
    // The 👍 given after a 👎 on the Jiangsu answer is no longer a 👎.
    expect(byQuestion.has("江苏有多少产业链党建联盟?")).toBe(false);
  });
});
