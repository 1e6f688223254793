// The reproductions of issue 14 against the real server: DNS rebinding, idle
// sockets exhausting descriptors, token guessing, limits that disagree between
// HTTP and Socket.IO, and log lines that hid fallbacks.
import { request as httpRequest } from "node:http";
import { connect as tcpConnect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlmClient } from "./answer/llm.js";
import { rewriteFollowUp } from "./answer/rewrite.js";
import { LIMITS } from "./limits.js";
import { createLogger } from "./logger.js";
import { buildCorpusIndex, type CorpusIndex } from "./test-support/corpus-index.js";
import { startFakeOpenAI, type FakeOpenAI } from "./test-support/fake-openai.js";
import { askAck, askOverSocket, startApp, type RunningApp, type StartOptions } from "./test-support/running-app.js";

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

/** Start a server for one test and always close it. */
async function withServer(options: StartOptions, test: (running: RunningApp) => Promise<void>): Promise<void> {
  const running = await startApp(corpus, options);
  try {
    await test(running);
  } finally {
    await running.close();
  }
}

/** A raw GET, so the Host header and the local address can be anything. */
function rawGet(
  url: string,
  path: string,
  headers: Record<string, string>,
  localAddress?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}${path}`, { headers, localAddress, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject).end();
  });
}

describe("DNS rebinding: the Host allowlist", () => {
  const evil = { host: "attacker.example", origin: "http://attacker.example" };

  it("refuses the API and the Socket.IO handshake for an unknown host, with Origin to match", async () => {
    const api = await rawGet(server.url, "/api/health", evil);
    expect(api.status).toBe(421);
    expect(JSON.parse(api.body).error.code).toBe("host_not_allowed");
    expect((await rawGet(server.url, "/socket.io/?EIO=4&transport=polling", evil)).status).toBe(403);
    expect((await rawGet(server.url, "/socket.io/?EIO=4&transport=polling", {})).status).toBe(200);
  });

  it("answers to the names in ALLOWED_HOSTS, and only those", async () => {
    await withServer({ config: { allowedHosts: ["chat.example.org"] } }, async (running) => {
      expect((await rawGet(running.url, "/api/health", { host: "chat.example.org:3000" })).status).toBe(200);
      expect((await rawGet(running.url, "/api/health", { host: "CHAT.example.org." })).status).toBe(200);
      expect((await rawGet(running.url, "/api/health", {})).status).toBe(421); // 127.0.0.1 is not listed now
    });
  });
});

describe("connection caps", () => {
  const openIdle = (url: string, count: number, localAddress: string) =>
    Promise.all(
      Array.from({ length: count }, () => {
        const { hostname, port } = new URL(url);
        const socket = tcpConnect({ host: hostname, port: Number(port), localAddress });
        const received: string[] = [];
        socket.setEncoding("utf8").on("data", (chunk: string) => received.push(chunk));
        return new Promise<{ socket: Socket; received: string[] }>((resolve) =>
          socket.once("connect", () => resolve({ socket, received })),
        );
      }),
    );

  it("refuses the excess cleanly, per address and in total, and other addresses still get through", async () => {
    await withServer({ config: { connections: { total: 15, perAddress: 10 } } }, async (running) => {
      const first = await openIdle(running.url, 12, "127.0.0.2");
      await new Promise((resolve) => setTimeout(resolve, 200));
      const refused = first.filter(({ received }) => received.join("").startsWith("HTTP/1.1 503"));
      expect(refused).toHaveLength(2);
      expect(refused[0]!.received.join("")).toContain('"code":"busy"');
      // Another address is served while the first one is at its cap…
      expect((await rawGet(running.url, "/api/health", {}, "127.0.0.3")).status).toBe(200);
      // …until the total cap is reached.
      const second = await openIdle(running.url, 5, "127.0.0.4");
      expect((await rawGet(running.url, "/api/health", {}, "127.0.0.5").catch(() => ({ status: 0 }))).status).not.toBe(
        200,
      );
      for (const { socket } of [...first, ...second]) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await rawGet(running.url, "/api/health", {}, "127.0.0.2")).status).toBe(200);
    });
  });
});

describe("token guessing", () => {
  const TOKEN = "a-token-long-enough-1234";

  it("is throttled and logged per address over HTTP and Socket.IO; another address is not affected", async () => {
    const lines: string[] = [];
    const options = {
      accessToken: TOKEN,
      logger: createLogger((line) => lines.push(line)),
      config: { authFailuresPerMinute: 3 },
    };
    await withServer(options, async (running) => {
      const guess = (token: string, localAddress = "127.0.0.6") =>
        rawGet(running.url, "/api/health", { authorization: `Bearer ${token}` }, localAddress);
      expect((await Promise.all([guess("a"), guess("b"), guess("c")])).map((response) => response.status)).toEqual([
        401, 401, 401,
      ]);
      const throttled = await guess(TOKEN);
      expect(throttled.status).toBe(429); // even the right token waits once an address is throttled
      expect(JSON.parse(throttled.body).error.code).toBe("rate_limited");
      expect((await guess(TOKEN, "127.0.0.7")).status).toBe(200);
      const events = lines.map((line) => JSON.parse(line) as { event: string; address?: string });
      expect(events.filter((event) => event.event.startsWith("auth_"))).toEqual([
        expect.objectContaining({ event: "auth_failed", address: "127.0.0.6" }),
        expect.objectContaining({ event: "auth_failed", address: "127.0.0.6" }),
        expect.objectContaining({ event: "auth_throttled", address: "127.0.0.6" }),
      ]);
      // The socket handshake shares the count: this address (127.0.0.1) guesses there.
      for (let i = 0; i < 3; i++) {
        const client = running.connect({ token: `wrong-${i}` });
        await new Promise((resolve) => client.once("connect_error", resolve));
        client.disconnect();
      }
      const client = running.connect({ token: TOKEN });
      const error = await new Promise<Error>((resolve) => client.once("connect_error", resolve));
      expect(error.message).toBe("rate_limited");
      client.disconnect();
    });
  });
});

describe("one table of limits, the same over HTTP and Socket.IO", () => {
  const longAnswer = "江".repeat(LIMITS.turnChars);
  const fullHistory = Array.from({ length: LIMITS.historyTurns }, (_, i) => ({
    role: i % 2 === 0 ? ("user" as const) : ("assistant" as const),
    content: i % 2 === 0 ? "江苏有多少产业链党建联盟?" : longAnswer,
  }));

  it("accepts the largest valid request on both", async () => {
    const body = JSON.stringify({ question: "江苏有多少产业链党建联盟?", history: fullHistory });
    expect(Buffer.byteLength(body)).toBeGreaterThan(64 * 1024); // the old body limit refused it with 413
    const response = await fetch(`${server.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(200);
    const client = server.connect();
    expect(
      (await askOverSocket(client, { question: "江苏有多少产业链党建联盟?", history: fullHistory })).done?.answer,
    ).toContain("901");
  });

  it("refuses the same over-long user turn on both with the same code", async () => {
    const history = [{ role: "user", content: "问".repeat(LIMITS.questionChars + 1) }];
    const response = await fetch(`${server.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "那贵州呢？", history }),
    });
    const http = (await response.json()) as { error: { code: string; message: string } };
    const ack = await askAck(server.connect(), { question: "那贵州呢？", history });
    expect(response.status).toBe(400);
    expect([http.error.code, ack.error?.code]).toEqual(["bad_request", "bad_request"]);
    expect(ack.error?.message).toBe(http.error.message);
  });

  it("never lets a follow-up rewrite produce a question over the limit", async () => {
    const previous = `江苏${"产业链党建联盟".repeat(130)}有多少个?`.slice(0, LIMITS.questionChars);
    const question = `那${"贵州省工信厅推动建立的".repeat(80)}呢？`.slice(0, LIMITS.questionChars);
    const history = [
      { role: "user" as const, content: previous },
      { role: "assistant" as const, content: "……" },
    ];
    // The rewrite by itself overflows…
    expect(rewriteFollowUp(question, history, corpus.index.segmenter)!.length).toBeGreaterThan(LIMITS.questionChars);
    // …the answerer never uses such a rewrite.
    const result = await server.assistant.answerer.answer({ question, history });
    expect((result.rewritten ?? question).length).toBeLessThanOrEqual(LIMITS.questionChars);
  });
});

describe("the per-question log line", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  it("carries the fallback reason and the model's latency, over HTTP and Socket.IO", async () => {
    // [42] is past the passages a model is given (ten at most), so the reply cites nothing.
    fake.script({ kind: "reply", text: "江苏省累计建立产业链党建联盟（党委）901个[42]。", delayMs: 20 });
    const lines: string[] = [];
    const llm = new LlmClient({ apiKey: "k", baseURL: fake.url, model: "fake-model", timeoutMs: 2000 });
    await withServer({ llm, logger: createLogger((line) => lines.push(line)) }, async (running) => {
      await fetch(`${running.url}/api/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question: "江苏有多少产业链党建联盟?" }),
      });
      await askOverSocket(running.connect(), { question: "江苏有多少产业链党建联盟?" });
    });
    const questions = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.event === "question");
    expect(questions.map((entry) => entry.transport)).toEqual(["http", "socket"]);
    for (const entry of questions) {
      expect(entry).toMatchObject({ mode: "extractive", fallbackReason: "llm_uncited" });
      expect(entry.modelMs).toEqual(expect.any(Number));
    }
  });
});
