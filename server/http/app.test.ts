// HTTP integration tests: the real server on a random port, real fetch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AskResponseBody, DocumentResponseBody, ErrorResponseBody, HealthResponseBody } from "../protocol.js";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { startApp, type RunningApp } from "../test-support/running-app.js";

let corpus: CorpusIndex;
let server: RunningApp;

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  server = await startApp(corpus);
});

afterAll(async () => {
  await server.close();
  await corpus.cleanup();
});

const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(`${server.url}/api/ask`, { method: "POST", headers, body });

async function expectError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorResponseBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules/); // no stack traces
  return body.error.message;
}

describe("GET /api/health", () => {
  it("reports ok with the index loaded", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as HealthResponseBody;
    expect(body).toMatchObject({
      status: "ok",
      mode: "extractive",
      index: { articles: 23, embedder: "local:local-hash-v1", retrieval: "hybrid" },
    });
  });

  it("sends security headers and no CORS allowance", async () => {
    const response = await fetch(`${server.url}/api/health`, { headers: { origin: "http://evil.example" } });
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("x-powered-by")).toBeNull();
  });
});

describe("POST /api/ask", () => {
  it("answers with the DESIGN.md shape", async () => {
    const response = await post(JSON.stringify({ question: "江苏有多少产业链党建联盟?" }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as AskResponseBody;
    expect(body.refused).toBe(false);
    expect(body.mode).toBe("extractive");
    expect(body.answer).toContain("901个[1]");
    expect(body.citations[0]).toMatchObject({
      n: 1,
      docId: "003_518b5102fb447ec0-a01",
      source: "seeds/003_518b5102fb447ec0.txt",
      title: "党建聚合力 发展增动能",
    });
    expect(typeof body.citations[0]!.start).toBe("number");
    expect(body.timings.totalMs).toBeGreaterThan(0);
  });

  it("uses the history it is given for a follow-up", async () => {
    const history = [
      { role: "user", content: "江苏省累计建立了多少个产业链党建联盟？" },
      { role: "assistant", content: "901个" },
    ];
    const body = (await (
      await post(JSON.stringify({ question: "那贵州省工信厅呢？", history }))
    ).json()) as AskResponseBody;
    expect(body.rewritten).toBe("贵州省工信厅累计建立了多少个产业链党建联盟？");
    expect(body.answer).toContain("42个");
  });

  it("refuses an out-of-corpus question plainly", async () => {
    const body = (await (
      await post(JSON.stringify({ question: "浙江省建立了多少个产业链党建联盟？" }))
    ).json()) as AskResponseBody;
    expect(body.refused).toBe(true);
    expect(body.citations).toEqual([]);
  });

  it.each([
    ["missing question", "{}", 400, "bad_request"],
    ["wrong type", '{"question": 42}', 400, "bad_request"],
    ["empty question", '{"question": "   "}', 400, "bad_request"],
    ["unknown field", '{"question": "江苏", "debug": true}', 400, "bad_request"],
    ["array body", '["江苏"]', 400, "bad_request"],
    ["invalid JSON", '{"question": "江苏', 400, "bad_request"],
    [
      "history of the wrong shape",
      '{"question": "江苏", "history": [{"role": "system", "content": "x"}]}',
      400,
      "bad_request",
    ],
  ])("rejects %s with a clear error", async (_label, body, status, code) => {
    await expectError(await post(body), status, code);
  });

  it("rejects a question over 1,000 characters", async () => {
    const message = await expectError(
      await post(JSON.stringify({ question: "江".repeat(1001) })),
      400,
      "question_too_long",
    );
    expect(message).toContain("1000");
  });

  it("rejects a 1 MB body with 413, and keeps serving", async () => {
    await expectError(await post(JSON.stringify({ question: "x".repeat(1024 * 1024) })), 413, "payload_too_large");
    expect((await post(JSON.stringify({ question: "江苏有多少产业链党建联盟?" }))).status).toBe(200);
  });

  it("rejects a body that is not JSON", async () => {
    const response = await post("question=江苏", { "content-type": "application/x-www-form-urlencoded" });
    await expectError(response, 400, "bad_request");
  });
});

describe("GET /api/documents/:docId", () => {
  it("returns the cleaned article and its metadata", async () => {
    const response = await fetch(`${server.url}/api/documents/003_518b5102fb447ec0-a02`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as DocumentResponseBody;
    expect(body).toMatchObject({
      docId: "003_518b5102fb447ec0-a02",
      title: "看准了就坚定不移抓",
      author: "张洋",
      section: "金台潮声",
      source: "seeds/003_518b5102fb447ec0.txt",
    });
    expect(body.text.startsWith("习近平总书记任在山东考察")).toBe(true);
    expect(body.paragraphs.length).toBeGreaterThan(3);
  });

  it.each([
    "no-such-doc-a01",
    "..%2F..%2Fetc%2Fpasswd",
    "..%2F..%2Fseeds%2F003_518b5102fb447ec0.txt",
    "%00",
    "003_518b5102fb447ec0-a99",
  ])("404 for %s", async (docId) => {
    await expectError(await fetch(`${server.url}/api/documents/${docId}`), 404, "not_found");
  });

  it("404 for an unknown API route", async () => {
    await expectError(await fetch(`${server.url}/api/nothing`), 404, "not_found");
  });
});

describe("rate limit and access token", () => {
  it("trips with a clear error and recovers after the window", async () => {
    const limited = await startApp(corpus, { rateLimitPerMinute: 2, rateLimitWindowMs: 400 });
    try {
      const ask = () =>
        fetch(`${limited.url}/api/ask`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ question: "江苏有多少产业链党建联盟?" }),
        });
      expect((await ask()).status).toBe(200);
      expect((await ask()).status).toBe(200);
      const third = await ask();
      await expectError(third, 429, "rate_limited");
      expect(third.headers.get("retry-after")).toBeTruthy();
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect((await ask()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("requires the token when ACCESS_TOKEN is set and refuses a wrong one", async () => {
    const guarded = await startApp(corpus, { accessToken: "s3cret-token" });
    try {
      await expectError(await fetch(`${guarded.url}/api/health`), 401, "unauthorized");
      await expectError(
        await fetch(`${guarded.url}/api/health`, { headers: { authorization: "Bearer wrong" } }),
        401,
        "unauthorized",
      );
      expect(
        (await fetch(`${guarded.url}/api/health`, { headers: { authorization: "Bearer s3cret-token" } })).status,
      ).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
