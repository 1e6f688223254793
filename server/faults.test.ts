// Fault tests at the server level: a misbehaving model endpoint, a client that
// leaves mid-answer, and a flood of bad payloads. The real server, real
// Socket.IO clients, the real corpus; the model is a local OpenAI-compatible
// server (the scripted fake, or an endless stream for the disconnect case).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LlmClient } from "./answer/llm.js";
import { LIMITS } from "./limits.js";
import { buildCorpusIndex, type CorpusIndex } from "./test-support/corpus-index.js";
import { startFakeOpenAI, type FakeOpenAI, type FakeStep } from "./test-support/fake-openai.js";
import { askAck, askOverSocket, startApp, type ChatClient, type RunningApp } from "./test-support/running-app.js";

const LLM_TIMEOUT_MS = 600;
const QUESTION = "江苏有多少产业链党建联盟?";
let corpus: CorpusIndex;
let fake: FakeOpenAI;
let server: RunningApp;

beforeAll(async () => {
  [corpus, fake] = await Promise.all([buildCorpusIndex(), startFakeOpenAI()]);
  const llm = new LlmClient({ apiKey: "test-key", baseURL: fake.url, model: "fake-model", timeoutMs: LLM_TIMEOUT_MS });
  // The floods below come from one address: the connection caps (tested in connection-limits.test.ts) are raised.
  server = await startApp(corpus, {
    llm,
    rateLimitPerMinute: 100_000,
    config: { connections: { total: 2000, perAddress: 2000 } },
  });
});

afterAll(async () => {
  await server.close();
  await fake.close();
  await corpus.cleanup();
});

const connected = (client: ChatClient) =>
  new Promise<void>((resolve) => (client.connected ? resolve() : client.once("connect", () => resolve())));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function timedHealth(): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/health`);
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

describe("a misbehaving model endpoint: every question still ends, the server keeps serving", () => {
  const cases: Array<{ name: string; step: FakeStep; reasons: RegExp }> = [
    { name: "hangs after the headers", step: { kind: "hang" }, reasons: /llm_timeout/ },
    { name: "returns 500", step: { kind: "error", status: 500, message: "upstream exploded" }, reasons: /llm_http/ },
    {
      name: "breaks the SSE stream mid-way",
      step: { kind: "cut", text: "江苏省累计建立产业链党建联盟（党委）901个[1]。", deltas: 6, afterDeltas: 2 },
      reasons: /llm_stream|llm_http/,
    },
    {
      name: "is slower than the timeout",
      step: { kind: "reply", text: "江苏省累计建立产业链党建联盟（党委）901个[1]。", deltas: 10, delayMs: 150 },
      reasons: /llm_timeout/,
    },
  ];

  for (const { name, step, reasons } of cases) {
    // Its health probe is a wall-clock bound on a shared machine: a run slowed by a neighbouring test file is
    // tried again (up to twice); a server that blocks while questions wait on the model fails every time.
    it(`${name}: 8 concurrent questions get the extractive answer within the timeout`, { retry: 2 }, async () => {
      fake.script(step);
      const clients = Array.from({ length: 8 }, () => server.connect());
      await Promise.all(clients.map(connected));
      const started = performance.now();
      const asked = fake.requests.length;
      const pending = clients.map((client) =>
        askOverSocket(client, { question: QUESTION }).then((answer) => ({ answer, ms: performance.now() - started })),
      );
      // Once those wait on the model, the server still answers other requests at once. (Measured after
      // the model has them, not while the first questions of the process still warm up its code.)
      await waitFor(() => fake.requests.length >= asked + clients.length, LLM_TIMEOUT_MS);
      const health = await timedHealth();
      expect(health.status).toBe(200);
      expect(health.ms).toBeLessThan(300);
      for (const { answer, ms } of await Promise.all(pending)) {
        expect(answer.error).toBeUndefined();
        expect(answer.done!.mode).toBe("extractive");
        expect(answer.done!.fallbackReason).toMatch(reasons);
        expect(answer.done!.answer).toContain("901");
        expect(JSON.stringify(answer.done)).not.toContain("upstream exploded");
        expect(ms).toBeLessThan(LLM_TIMEOUT_MS * 2 + 2000);
      }
      for (const client of clients) client.disconnect();
    });
  }
});

describe("a client that disconnects mid-stream", () => {
  let endless: Server;
  let endlessUrl: string;
  const closedAt: number[] = [];
  let requests = 0;
  let serverWithEndlessModel: RunningApp;

  beforeAll(async () => {
    // A model that streams a delta every 50 ms and never finishes; it records when its request is closed.
    endless = createServer((req, res) => {
      requests++;
      req.resume();
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = (content: string) =>
        `data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
      res.write(chunk(""));
      const timer = setInterval(() => res.write(chunk("江苏")), 50);
      res.on("close", () => {
        clearInterval(timer);
        closedAt.push(performance.now());
      });
    });
    await new Promise<void>((resolve) => endless.listen(0, "127.0.0.1", resolve));
    endlessUrl = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/v1`;
    const llm = new LlmClient({ apiKey: "test-key", baseURL: endlessUrl, model: "fake-model", timeoutMs: 20_000 });
    serverWithEndlessModel = await startApp(corpus, { llm });
  });

  afterAll(async () => {
    await serverWithEndlessModel.close();
    endless.closeAllConnections();
    await new Promise((resolve) => endless.close(resolve));
  });

  it("stops the model request soon after the client leaves (no work left running)", async () => {
    const client = serverWithEndlessModel.connect();
    await connected(client);
    const firstToken = new Promise<void>((resolve) => client.once("answer:token", () => resolve()));
    client.emit("ask", { question: QUESTION }, () => {});
    await firstToken;
    const leftAt = performance.now();
    client.disconnect();
    const deadline = leftAt + 2000;
    while (closedAt.length === 0 && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toBe(1);
    expect(closedAt).toHaveLength(1);
    // Far sooner than the 20 s model timeout: the disconnect aborted the model call.
    expect(closedAt[0]! - leftAt).toBeLessThan(1000);
  });
});

describe("200 concurrent bad payloads", () => {
  afterEach(() => fake.script({ kind: "error", status: 500 }));

  it("over HTTP and Socket.IO: all refused with 4xx or a clear ack, the server keeps answering, memory settles", async () => {
    fake.script({ kind: "error", status: 500 }); // answers come from the extractive fallback, quickly
    const rssBefore = process.memoryUsage().rss;
    const badBodies = [
      "{not json",
      JSON.stringify({ question: 42 }),
      JSON.stringify({ question: "" }),
      JSON.stringify({ question: "江".repeat(1001) }),
      JSON.stringify({ question: QUESTION, history: "nope" }),
      JSON.stringify([1, 2, 3]),
      JSON.stringify({ question: "x".repeat(LIMITS.httpBodyBytes) }), // over the body limit
      "null",
    ];
    const http = Array.from({ length: 200 }, (_, i) =>
      fetch(`${server.url}/api/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: badBodies[i % badBodies.length],
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { error?: { code: string } },
      })),
    );
    const sockets = Array.from({ length: 20 }, () => server.connect());
    await Promise.all(sockets.map(connected));
    const badPayloads: unknown[] = [
      null,
      42,
      "text",
      { question: 1 },
      { question: "" },
      { question: "江".repeat(1001) },
      { history: [] },
      { question: QUESTION, history: [{ role: "robot", content: "x" }] },
      [],
      { question: { nested: true } },
    ];
    const socketAcks = sockets.flatMap((client) => badPayloads.map((payload) => askAck(client, payload)));
    const [httpResults, acks] = await Promise.all([Promise.all(http), Promise.all(socketAcks)]);

    expect(httpResults).toHaveLength(200);
    for (const result of httpResults) {
      expect(result.status).toBeGreaterThanOrEqual(400);
      expect(result.status).toBeLessThan(500);
      expect(result.body.error!.code).toMatch(/^(bad_request|question_too_long|payload_too_large)$/);
    }
    expect(acks).toHaveLength(200);
    for (const ack of acks) {
      expect(ack.ok).toBe(false);
      expect(ack.error!.code).toMatch(/^(bad_request|question_too_long)$/);
    }
    // Still serving: over the same sockets and over HTTP.
    const answered = await askOverSocket(sockets[0]!, { question: QUESTION });
    expect(answered.done!.answer).toContain("901");
    const response = await fetch(`${server.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: QUESTION }),
    });
    expect(response.status).toBe(200);
    for (const client of sockets) client.disconnect();
    // Generous: the payloads themselves are a few MB; a leak per payload would show as far more.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });
});
