// Socket.IO integration tests: the real server on a random port, real
// socket.io-client connections, the real corpus.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlmClient } from "../answer/llm.js";
import type { AskResponseBody } from "../protocol.js";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { startFakeOpenAI, type FakeOpenAI } from "../test-support/fake-openai.js";
import { askAck, askOverSocket, startApp, type ChatClient, type RunningApp } from "../test-support/running-app.js";

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

const connected = (client: ChatClient) =>
  new Promise<void>((resolve) => (client.connected ? resolve() : client.once("connect", () => resolve())));

describe("streaming answers", () => {
  it("streams start → tokens → citations → done, matching the REST answer", async () => {
    const client = server.connect();
    const streamed = await askOverSocket(client, { question: "江苏有多少产业链党建联盟?" });
    expect(streamed.events[0]).toBe("start");
    expect(streamed.events.at(-2)).toBe("citations");
    expect(streamed.events.at(-1)).toBe("done");
    expect(streamed.events.filter((event) => event === "token").length).toBeGreaterThan(3);
    expect(streamed.tokens.join("")).toBe(streamed.done!.answer);
    const rest = (await (
      await fetch(`${server.url}/api/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question: "江苏有多少产业链党建联盟?" }),
      })
    ).json()) as AskResponseBody;
    expect(streamed.done!.answer).toBe(rest.answer);
    expect(streamed.done!.citations).toEqual(rest.citations);
    expect(streamed.done!.id).toBe(streamed.id);
  });

  it("uses the conversation's history for a follow-up", async () => {
    const client = server.connect();
    await askOverSocket(client, {
      question: "江苏省累计建立了多少个产业链党建联盟？",
      conversationId: "conv-1-5d0c7e2a9b41",
    });
    const followUp = await askOverSocket(client, {
      question: "那贵州省工信厅呢？",
      conversationId: "conv-1-5d0c7e2a9b41",
    });
    expect(followUp.rewritten).toBe("贵州省工信厅累计建立了多少个产业链党建联盟？");
    expect(followUp.done!.answer).toContain("42个");
    // Another conversation on the same connection has no such history.
    const other = await askOverSocket(client, {
      question: "那贵州省工信厅呢？",
      conversationId: "conv-2-83f1a6c4d297",
    });
    expect(other.rewritten).toBeUndefined();
  });

  it("restores the conversation after the connection drops and recovers", async () => {
    const client = server.connect();
    await connected(client);
    await askOverSocket(client, {
      question: "江苏省累计建立了多少个产业链党建联盟？",
      conversationId: "conv-r-1b9e4f7a2c60",
    });
    const firstId = client.id;
    client.io.engine.close(); // a network drop, not a deliberate disconnect
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    expect(client.recovered).toBe(true);
    expect(client.id).toBe(firstId);
    const followUp = await askOverSocket(client, {
      question: "那贵州省工信厅呢？",
      conversationId: "conv-r-1b9e4f7a2c60",
    });
    expect(followUp.done!.answer).toContain("42个");
  });

  it("takes history from the payload for a conversation the server does not know", async () => {
    const client = server.connect();
    const followUp = await askOverSocket(client, {
      question: "那贵州省工信厅呢？",
      conversationId: "after-reload-6a2f9c1e",
      history: [{ role: "user", content: "江苏省累计建立了多少个产业链党建联盟？" }],
    });
    expect(followUp.done!.answer).toContain("42个");
  });
});

describe("bad input gets a clear error and the server keeps serving", () => {
  it.each([
    ["missing question", {}],
    ["wrong type", { question: 42 }],
    ["not an object", "江苏有多少产业链党建联盟?"],
    ["binary", Buffer.from([0xde, 0xad, 0xbe, 0xef])],
    ["a bad conversationId", { question: "江苏", conversationId: "../../etc/passwd-long-enough" }],
    ["a short conversationId (it would collide with other clients')", { question: "江苏", conversationId: "c1" }],
  ])("%s → bad_request", async (_label, payload) => {
    const client = server.connect();
    const ack = await askAck(client, payload);
    expect(ack.ok).toBe(false);
    expect(ack.error!.code).toBe("bad_request");
    expect(ack.error!.message.length).toBeGreaterThan(10);
    expect((await askOverSocket(client, { question: "江苏有多少产业链党建联盟?" })).done!.answer).toContain("901");
  });

  it("a question over the limit → question_too_long", async () => {
    const ack = await askAck(server.connect(), { question: "江".repeat(50_000) });
    expect(ack.error!.code).toBe("question_too_long");
  });

  it("a 1 MB message closes only that connection; other clients carry on", async () => {
    const attacker = server.connect();
    const bystander = server.connect();
    await Promise.all([connected(attacker), connected(bystander)]);
    const dropped = new Promise<string>((resolve) => attacker.once("disconnect", (reason) => resolve(reason)));
    attacker.emit("ask", { question: "x".repeat(1024 * 1024) }, () => {});
    expect(await dropped).toMatch(/transport/);
    expect((await askOverSocket(bystander, { question: "江苏有多少产业链党建联盟?" })).done!.answer).toContain("901");
  });

  it("an unknown event and an ask without acknowledgement → request:error", async () => {
    const client = server.connect();
    const errors: Array<{ event: string; error: { code: string } }> = [];
    client.on("request:error", (payload) => errors.push(payload));
    (client.emit as (event: string, ...args: unknown[]) => void)("drop_tables", { all: true });
    (client.emit as (event: string, ...args: unknown[]) => void)("ask", { question: "江苏" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors.map((error) => error.event).sort()).toEqual(["ask", "drop_tables"]);
    expect(errors.every((error) => error.error.code === "bad_request")).toBe(true);
  });
});

describe("cancel, rate limit, access token", () => {
  it("cancel ends an answer in flight with answer:error cancelled, and nothing after", async () => {
    const fake: FakeOpenAI = await startFakeOpenAI();
    fake.script({
      kind: "reply",
      text: "江苏省累计建立产业链党建联盟（党委）901个[1]。".repeat(4),
      deltas: 40,
      delayMs: 50,
    });
    const llm = new LlmClient({ apiKey: "k", baseURL: fake.url, model: "m", timeoutMs: 10_000 });
    const slow = await startApp(corpus, { llm });
    try {
      const client = slow.connect();
      const streamed = await askOverSocket(client, { question: "江苏有多少产业链党建联盟?" }, (id) =>
        setTimeout(() => client.emit("cancel", { id }), 300),
      );
      expect(streamed.error?.code).toBe("cancelled");
      expect(streamed.done).toBeUndefined();
      expect(streamed.events.at(-1)).toBe("error");
      expect(streamed.events.filter((event) => event === "token").length).toBeLessThan(40);
    } finally {
      await slow.close();
      await fake.close();
    }
  });

  it("rate limit trips per connection and recovers", async () => {
    // A window long enough for three asks on a loaded machine (a 400 ms one once expired before the
    // third ask); the wait for recovery is the one the refusal names, not the whole window.
    const limited = await startApp(corpus, { rateLimitPerMinute: 2, rateLimitWindowMs: 3_000 });
    try {
      const client = limited.connect();
      await askOverSocket(client, { question: "江苏" });
      await askOverSocket(client, { question: "江苏" });
      const ack = await askAck(client, { question: "江苏" });
      expect(ack.error!.code).toBe("rate_limited");
      expect(ack.error!.retryAfterMs).toBeGreaterThan(0);
      expect(ack.error!.retryAfterMs).toBeLessThanOrEqual(3_000);
      await new Promise((resolve) => setTimeout(resolve, ack.error!.retryAfterMs! + 50));
      expect((await askOverSocket(client, { question: "江苏有多少产业链党建联盟?" })).done).toBeDefined();
    } finally {
      await limited.close();
    }
  });

  it("needs the token in the handshake when ACCESS_TOKEN is set", async () => {
    const guarded = await startApp(corpus, { accessToken: "s3cret-token" });
    try {
      const refused = guarded.connect({ token: "wrong" });
      const error = await new Promise<Error>((resolve) => refused.once("connect_error", resolve));
      expect(error.message).toBe("unauthorized");
      refused.disconnect();
      const allowed = guarded.connect({ token: "s3cret-token" });
      expect((await askOverSocket(allowed, { question: "江苏有多少产业链党建联盟?" })).done!.answer).toContain("901");
    } finally {
      await guarded.close();
    }
  });

  it("graceful shutdown lets an answer in flight finish and refuses new questions", async () => {
    const fake: FakeOpenAI = await startFakeOpenAI();
    fake.script({ kind: "reply", text: "江苏省累计建立产业链党建联盟（党委）901个[1]。", deltas: 10, delayMs: 40 });
    const llm = new LlmClient({ apiKey: "k", baseURL: fake.url, model: "m", timeoutMs: 10_000 });
    const app = await startApp(corpus, { llm });
    try {
      const client = app.connect();
      const other = app.connect();
      await connected(other);
      let closing: Promise<void> | undefined;
      const streamed = await askOverSocket(client, { question: "江苏有多少产业链党建联盟?" }, () => {
        setTimeout(() => {
          closing = app.app.close(5000);
          void askAck(other, { question: "江苏" }).then((ack) => expect(ack.error?.code).toBe("shutting_down"));
        }, 100);
      });
      expect(streamed.done?.mode).toBe("llm");
      expect(streamed.done?.answer).toContain("901个");
      await closing;
    } finally {
      await fake.close();
    }
  });
});
