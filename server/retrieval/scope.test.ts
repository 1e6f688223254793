// Scope for questions, through the real routes (HTTP and socket) and the
// scoped retriever: the same question answered from the whole corpus, from one
// province and from one source file, and bad scopes refused clearly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS, type AskResponseBody } from "../protocol.js";
import { articlesInScope } from "./scope.js";
import { ScopedRetriever } from "./scoped-retriever.js";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { expectErrorReply, requestJson } from "../test-support/http.js";
import { askAck, askOverSocket, startApp, type RunningApp } from "../test-support/running-app.js";

const QUESTION = "有多少产业链党建联盟？";
const JIANGSU_PAGE = "seeds/003_518b5102fb447ec0.txt";

let corpus: CorpusIndex;
let server: RunningApp;
const ask = (body: unknown) => requestJson<AskResponseBody>(`${server.url}/api/ask`, "POST", body);

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  server = await startApp(corpus);
});

afterAll(async () => {
  await server.close();
  await corpus.cleanup();
});

describe("the scoped retriever", () => {
  it("returns only articles inside the scope, as many as asked for when the scope holds them", async () => {
    const jiangsu = articlesInScope(corpus.index.articles, { province: "江苏" });
    expect([...jiangsu].every((docId) => docId.startsWith("003_"))).toBe(true);
    const guizhou = articlesInScope(corpus.index.articles, { province: "贵州" });
    expect(guizhou.size).toBe(15);
    const hits = await new ScopedRetriever(corpus.index, guizhou).retrieve("产业链党建联盟", 8);
    expect(hits).toHaveLength(8);
    expect(hits.every((hit) => guizhou.has(hit.article.docId))).toBe(true);
    expect(await new ScopedRetriever(corpus.index, new Set()).retrieve("产业链党建联盟")).toEqual([]);
  });
});

describe("scope on POST /api/ask and the socket's ask", () => {
  it("answers the same question from the whole corpus, from 江苏 and from one source file", async () => {
    const whole = (await ask({ question: QUESTION })).body;
    expect(whole.answer).toContain("42个");
    const jiangsu = (await ask({ question: QUESTION, scope: { province: "江苏省" } })).body;
    expect(jiangsu.answer).toContain("901个");
    expect(jiangsu.scope).toEqual({ province: "江苏" });
    expect(jiangsu.citations.length).toBeGreaterThan(0);
    expect(jiangsu.citations.every((citation) => citation.source === JIANGSU_PAGE)).toBe(true);
    const page = (await ask({ question: QUESTION, scope: { sources: [JIANGSU_PAGE] } })).body;
    expect(page.answer).toContain("901个");
    const streamed = await askOverSocket(server.connect(), { question: QUESTION, scope: { province: "江苏" } });
    expect(streamed.done?.answer).toContain("901个");
    expect(streamed.done?.citations.every((citation) => citation.source === JIANGSU_PAGE)).toBe(true);
  });

  it("refuses when the scope holds nothing on the question", async () => {
    const gansu = (await ask({ question: QUESTION, scope: { province: "甘肃" } })).body;
    expect(gansu.refused).toBe(true);
    expect(gansu.citations).toEqual([]);
  });

  it("refuses a bad scope with the field named", async () => {
    expect(
      expectErrorReply(await ask({ question: QUESTION, scope: { province: "火星" } }), 400, "bad_request"),
    ).toContain("scope.province");
    expect(expectErrorReply(await ask({ question: QUESTION, scope: "江苏" }), 400, "bad_request")).toContain("scope");
    expect(expectErrorReply(await ask({ question: QUESTION, scope: { city: "南京" } }), 400, "bad_request")).toContain(
      "city",
    );
    const unknownSource = await ask({ question: QUESTION, scope: { sources: ["seeds/missing.txt"] } });
    expect(expectErrorReply(unknownSource, 400, "bad_request")).toContain("GET /api/scope-options");
    expectErrorReply(await ask({ question: QUESTION, scope: { docId: "999_missing-a01" } }), 404, "not_found");
    const ack = await askAck(server.connect(), { question: QUESTION, scope: { province: 7 } });
    expect(ack.error?.code).toBe("bad_request");
    expect(ack.error?.message).toContain("scope.province");
  });
});

describe("the largest scope in the limits table", () => {
  it("never gets a valid-sized request refused for its size, on both transports", async () => {
    // The worst case of the table: every character at its limit and JSON-escaped (NUL is written as \u0000).
    const escaped = (chars: number, lead = "") => lead + "\u0000".repeat(chars - lead.length);
    const history = Array.from({ length: LIMITS.historyTurns }, () => ({
      role: "assistant" as const,
      content: escaped(LIMITS.turnChars),
    }));
    const sources = Array.from({ length: LIMITS.scopeSources }, (_, i) => escaped(LIMITS.sourceNameChars, `${i}`));
    const payload = { question: escaped(LIMITS.questionChars, "问"), history, scope: { province: "江苏", sources } };
    const body = JSON.stringify(payload);
    // Larger than a body limit that forgot the scope…
    const withoutScope = 6 * (LIMITS.questionChars + LIMITS.historyTurns * LIMITS.turnChars) + 8 * 1024;
    expect(Buffer.byteLength(body)).toBeGreaterThan(withoutScope);
    // …yet checked, and refused for what it says: no such sources.
    expect(expectErrorReply(await ask(body), 400, "bad_request")).toContain("scope.sources");
    // The socket takes the message (no disconnect) and ends the question with the same error.
    const streamed = await askOverSocket(server.connect(), payload);
    expect(streamed.error?.code).toBe("bad_request");
    expect(streamed.error?.message).toContain("scope.sources");
  });
});
