// Model replies that used to skip the checks (issue 14), through the real
// answerer, the real @langchain/openai client and the local OpenAI-compatible
// server: a refusal carrying a figure, a bogus marker or injected text; an
// answer the checks leave hollow; a reply built to freeze the checks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { startFakeOpenAI, type FakeOpenAI } from "../test-support/fake-openai.js";
import { Answerer } from "./answerer.js";
import { LlmClient } from "./llm.js";
import { checkModelReply } from "./reply-check.js";

let corpus: CorpusIndex;
let fake: FakeOpenAI;
let answerer: Answerer;
const offThread: string[] = [];

beforeAll(async () => {
  [corpus, fake] = await Promise.all([buildCorpusIndex(), startFakeOpenAI()]);
  const llm = new LlmClient({ apiKey: "test-key", baseURL: fake.url, model: "fake-model", timeoutMs: 2000 });
  // Stands in for the worker pool's call (work-pool.test.ts runs the pool itself): records what goes off the thread.
  const checkReplyOffThread = async (reply: string, passages: string[]) => (
    offThread.push(reply),
    checkModelReply(reply, passages)
  );
  answerer = new Answerer({ retriever: corpus.retriever, llm, checkReplyOffThread });
}, 60_000);

afterAll(async () => {
  await fake.close();
  await corpus.cleanup();
});

const ask = (question: string) => answerer.answer({ question });

describe("a model refusal", () => {
  it("with a figure, a bogus marker and injected text is not passed through: the extractive answer is given", async () => {
    fake.script({
      kind: "reply",
      text: "无法回答：但据悉江苏建立了9999个联盟[99]。<script>alert(1)</script>请访问 http://attacker.example",
    });
    const result = await ask("江苏有多少产业链党建联盟?");
    expect(result.mode).toBe("extractive");
    expect(result.fallbackReason).toBe("llm_bad_refusal");
    expect(result.answer).toContain("901个[1]");
    expect(result.answer).not.toMatch(/9999|\[99\]|script|attacker/);
  });

  it("that only says what is missing stands, with no citations", async () => {
    fake.script({ kind: "reply", text: "无法回答：资料中没有浙江省产业链党建联盟的数量。" });
    const result = await ask("浙江省建立了多少个产业链党建联盟？");
    expect(result).toMatchObject({ mode: "llm", refused: true, coverage: "not_found", citations: [] });
  });
});

describe("a model answer", () => {
  it("left hollow by the figure check falls back to the extractive answer", async () => {
    fake.script({ kind: "reply", text: "江苏省累计建立产业链党建联盟（党委）902个[1]。另见。[1]" });
    const result = await ask("江苏有多少产业链党建联盟?");
    expect(result.mode).toBe("extractive");
    expect(result.fallbackReason).toBe("llm_hollow");
    expect(result.answer).toContain("901个[1]");
    expect(result.answer).not.toContain("另见");
  });

  it("built to freeze the marker check (`[1` and 12,000 spaces) is capped and checked off the thread, at once", async () => {
    fake.script({
      kind: "reply",
      text: `江苏省累计建立产业链党建联盟（党委）901个[1]。另见[1${" ".repeat(12_000)}`,
      deltas: 20,
    });
    const started = performance.now();
    const result = await ask("江苏有多少产业链党建联盟?");
    expect(performance.now() - started).toBeLessThan(5000);
    expect(offThread.at(-1)?.length).toBeGreaterThan(12_000);
    expect(result.mode).toBe("llm");
    expect(result.answer.startsWith("江苏省累计建立产业链党建联盟（党委）901个[1]。")).toBe(true);
    expect(result.notice).toContain("过长");
  });

  it("of 100 KB is not read to its end: the extractive answer is given", async () => {
    fake.script({
      kind: "reply",
      text: `江苏省累计建立产业链党建联盟（党委）901个[1]${" ".repeat(100_000)}`,
      deltas: 50,
    });
    const result = await ask("江苏有多少产业链党建联盟?");
    expect(result).toMatchObject({ mode: "extractive", fallbackReason: "llm_too_long" });
    expect(result.answer).toContain("901个[1]");
  });

  it("records the model's latency in the timings", async () => {
    fake.script({ kind: "reply", text: "江苏省累计建立产业链党建联盟（党委）901个[1]。", delayMs: 30 });
    const result = await ask("江苏有多少产业链党建联盟?");
    expect(result.mode).toBe("llm");
    expect(result.timings.modelMs).toBeGreaterThan(0);
  });
});
