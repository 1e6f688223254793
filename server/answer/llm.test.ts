// The LLM path through the real @langchain/openai client, against a local
// OpenAI-compatible server (server/test-support/fake-openai.ts).
import { OpenAIEmbeddings } from "@langchain/openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeEmbedding, startFakeOpenAI, type FakeOpenAI } from "../test-support/fake-openai.js";
import { LlmClient, LlmError, type LlmErrorCode } from "./llm.js";
import { passageOf } from "../test-support/passages.js";

const TIMEOUT_MS = 500;
const MARGIN_MS = 400;
const JIANGSU_TEXT = "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。";
const ANSWER = "江苏省累计建立产业链党建联盟（党委）901个[1]，覆盖企业6.7万家[1]。";
const QUESTION = "江苏累计建立了多少个产业链党建联盟？";

const PASSAGES = [passageOf(1, "产业链上党旗红", "seeds/003_518b5102fb447ec0.txt", JIANGSU_TEXT)];

/** Run `promise`, expecting an LlmError; returns its code and how long it took. */
async function failure(promise: Promise<unknown>): Promise<{ code: LlmErrorCode; message: string; ms: number }> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LlmError);
    return { code: (error as LlmError).code, message: (error as LlmError).message, ms: performance.now() - started };
  }
  throw new Error("expected the call to fail");
}

function openHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo())
    if (kind === "Timeout" || kind.startsWith("TCP")) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

let fake: FakeOpenAI;
let client: LlmClient;
let handlesBefore: Record<string, number>;

beforeAll(async () => {
  handlesBefore = openHandles();
  fake = await startFakeOpenAI();
  client = new LlmClient({ apiKey: "test-key", baseURL: fake.url, model: "fake-chat", timeoutMs: TIMEOUT_MS });
  // The first call loads the OpenAI client's modules and opens a connection (seconds on a loaded
  // machine): done here by a patient client, so each test's 500 ms deadline measures its own call only.
  const patient = new LlmClient({ apiKey: "test-key", baseURL: fake.url, model: "fake-chat", timeoutMs: 60_000 });
  fake.script({ kind: "reply", text: ANSWER });
  await patient.generateAnswer(QUESTION, PASSAGES, () => {});
});

beforeEach(() => {
  fake.requests.length = 0;
});

afterAll(async () => {
  await fake.close();
  // Client sockets close when the server's side does; give them a moment, then nothing of ours may remain.
  // "Ours" is anything beyond what was open before: a timer the runner had then may have ended since.
  const extra = () => Object.entries(openHandles()).filter(([kind, count]) => count > (handlesBefore[kind] ?? 0));
  for (let i = 0; i < 20 && extra().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(Object.fromEntries(extra())).toEqual({});
});

describe("LlmClient.generateAnswer", () => {
  it("streams ordered deltas that add up to the answer, from a prompt holding the passages and the question", async () => {
    fake.script({ kind: "reply", text: ANSWER, deltas: 5 });
    const deltas: string[] = [];
    const answer = await client.generateAnswer(QUESTION, PASSAGES, (delta) => deltas.push(delta));
    expect(answer).toBe(ANSWER);
    expect(deltas.length).toBe(5);
    expect(deltas.join("")).toBe(ANSWER);
    expect(deltas[0]).toBe(ANSWER.slice(0, deltas[0]!.length));

    const [request] = fake.requests;
    expect(request).toMatchObject({
      path: "/v1/chat/completions",
      authorization: "Bearer test-key",
      model: "fake-chat",
      stream: true,
    });
    expect(request!.body.temperature).toBe(0);
    expect(request!.body).not.toHaveProperty("stream_options");
    expect(request!.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(request!.messages[0]!.content).toContain("无法回答：");
    expect(request!.messages[1]!.content).toContain(
      `[1] 《产业链上党旗红》（seeds/003_518b5102fb447ec0.txt）\n${JIANGSU_TEXT}`,
    );
    expect(request!.messages[1]!.content).toContain(`问题：${QUESTION}`);
  });

  it.each([401, 429, 500])("turns HTTP %i into llm_http at once", async (status) => {
    fake.script({ kind: "error", status, message: "fake failure" });
    const result = await failure(client.generateAnswer(QUESTION, PASSAGES, () => {}));
    expect(result.code).toBe("llm_http");
    expect(result.message).toContain(`HTTP ${status}: fake failure`);
    expect(result.ms).toBeLessThan(TIMEOUT_MS);
  });

  it("gives up on a server that sends headers and then stalls, within the deadline", async () => {
    fake.script({ kind: "hang" });
    const timersBefore = openHandles().Timeout ?? 0;
    const result = await failure(client.generateAnswer(QUESTION, PASSAGES, () => {}));
    expect(result.code).toBe("llm_timeout");
    expect(result.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(result.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(openHandles().Timeout ?? 0).toBeLessThanOrEqual(timersBefore);
  });

  it("bounds the whole stream, not just the first token: slow deltas time out", async () => {
    fake.script({ kind: "reply", text: ANSWER, deltas: 10, delayMs: 150 });
    const deltas: string[] = [];
    const result = await failure(client.generateAnswer(QUESTION, PASSAGES, (delta) => deltas.push(delta)));
    expect(result.code).toBe("llm_timeout");
    expect(result.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.length).toBeLessThan(10);
  });

  it("reports a stream cut mid-way as llm_stream, without waiting for the deadline", async () => {
    fake.script({ kind: "cut", text: ANSWER, deltas: 6, afterDeltas: 2 });
    const deltas: string[] = [];
    const result = await failure(client.generateAnswer(QUESTION, PASSAGES, (delta) => deltas.push(delta)));
    expect(result.code).toBe("llm_stream");
    expect(result.ms).toBeLessThan(TIMEOUT_MS);
    expect(deltas.length).toBe(2);
  });

  it("reports a stream that ends cleanly but without data: [DONE] as llm_stream", async () => {
    fake.script({ kind: "reply", text: ANSWER, omitDone: true });
    expect((await failure(client.generateAnswer(QUESTION, PASSAGES, () => {}))).code).toBe("llm_stream");
  });

  it("reports an empty answer as llm_empty", async () => {
    fake.script({ kind: "reply", text: "" });
    expect((await failure(client.generateAnswer(QUESTION, PASSAGES, () => {}))).code).toBe("llm_empty");
  });

  it("stops at the caller's abort with llm_aborted and sends no token after it", async () => {
    fake.script({ kind: "reply", text: ANSWER, deltas: 10, delayMs: 40 });
    const controller = new AbortController();
    const deltas: string[] = [];
    const call = client.generateAnswer(
      QUESTION,
      PASSAGES,
      (delta) => {
        deltas.push(delta);
        if (deltas.length === 2) controller.abort();
      },
      controller.signal,
    );
    const result = await failure(call);
    expect(result.code).toBe("llm_aborted");
    expect(result.ms).toBeLessThan(TIMEOUT_MS);
    expect(deltas.length).toBe(2);
  });

  it("passes an error thrown by onToken through unchanged", async () => {
    fake.script({ kind: "reply", text: ANSWER });
    const bug = new Error("client disconnected");
    await expect(
      client.generateAnswer(QUESTION, PASSAGES, () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
  });

  it("does not call the server when the signal is already aborted", async () => {
    const result = await failure(client.generateAnswer(QUESTION, PASSAGES, () => {}, AbortSignal.abort()));
    expect(result.code).toBe("llm_aborted");
    expect(fake.requests).toEqual([]);
  });

  it("reports an unreachable server as llm_http", async () => {
    const closed = await startFakeOpenAI();
    await closed.close();
    const offline = new LlmClient({
      apiKey: "test-key",
      baseURL: closed.url,
      model: "fake-chat",
      timeoutMs: TIMEOUT_MS,
    });
    const result = await failure(offline.generateAnswer(QUESTION, PASSAGES, () => {}));
    expect(result.code).toBe("llm_http");
    expect(result.message).toMatch(/could not reach/);
  });
});

describe("LlmClient.rewriteQuestion", () => {
  const history = [
    { role: "user" as const, content: QUESTION },
    { role: "assistant" as const, content: ANSWER },
  ];

  it("returns the model's first line, trimmed, from a non-streaming call carrying the history", async () => {
    fake.script({ kind: "reply", text: "  贵州省累计建立了多少个产业链党建联盟？  \n（补全了地区）" });
    expect(await client.rewriteQuestion("那贵州呢？", history)).toBe("贵州省累计建立了多少个产业链党建联盟？");
    const [request] = fake.requests;
    expect(request).toMatchObject({ stream: false, authorization: "Bearer test-key" });
    expect(request!.messages[1]!.content).toContain(`用户：${QUESTION}`);
    expect(request!.messages[1]!.content).toContain("追问：那贵州呢？");
  });

  it("drops a label and quotes the model put around the question", async () => {
    fake.script({ kind: "reply", text: "改写后的问题：“贵州省累计建立了多少个产业链党建联盟？”" });
    expect(await client.rewriteQuestion("那贵州呢？", history)).toBe("贵州省累计建立了多少个产业链党建联盟？");
  });

  it("times out on a stalled server and maps HTTP errors", async () => {
    fake.script({ kind: "hang" });
    const hung = await failure(client.rewriteQuestion("那贵州呢？", history));
    expect(hung.code).toBe("llm_timeout");
    expect(hung.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    fake.script({ kind: "error", status: 503 });
    expect((await failure(client.rewriteQuestion("那贵州呢？", history))).code).toBe("llm_http");
  });
});

describe("fake OpenAI embeddings", () => {
  it("serves deterministic vectors that OpenAIEmbeddings decodes", async () => {
    const embeddings = new OpenAIEmbeddings({
      apiKey: "test-key",
      model: "fake-embedding",
      maxRetries: 0,
      configuration: { baseURL: fake.url },
    });
    const [first, second] = await embeddings.embedDocuments(["江苏省产业链党建联盟", "贵州省工业和信息化厅"]);
    expect(first).toHaveLength(64);
    expect(first![0]).toBeCloseTo(fakeEmbedding("江苏省产业链党建联盟")[0]!, 5);
    expect(await embeddings.embedQuery("江苏省产业链党建联盟")).toEqual(first);
    expect(second).not.toEqual(first);
    expect(fake.requests[0]).toMatchObject({ path: "/v1/embeddings", authorization: "Bearer test-key" });
  });
});
