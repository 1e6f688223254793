// The LLM answer path end to end: real retrieval over the corpus, the real
// @langchain/openai client, and a local OpenAI-compatible server standing in
// for the hosted model (the one thing that cannot run here).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { startFakeOpenAI, type FakeOpenAI } from "../test-support/fake-openai.js";
import { Answerer } from "./answerer.js";
import { LlmClient } from "./llm.js";
import type { AnswerResult, AnswerStreamHandlers } from "./types.js";

const TIMEOUT_MS = 600;
let corpus: CorpusIndex;
let fake: FakeOpenAI;
let answerer: Answerer;

beforeAll(async () => {
  [corpus, fake] = await Promise.all([buildCorpusIndex(), startFakeOpenAI()]);
  const llm = new LlmClient({ apiKey: "test-key", baseURL: fake.url, model: "fake-model", timeoutMs: TIMEOUT_MS });
  answerer = new Answerer({ retriever: corpus.retriever, llm });
});

afterAll(async () => {
  await fake.close();
  await corpus.cleanup();
});

beforeEach(() => {
  fake.requests.length = 0;
});

interface Recorded {
  result: AnswerResult;
  tokens: string[];
  events: string[];
  ms: number;
}

async function ask(
  question: string,
  history: Array<{ role: "user" | "assistant"; content: string }> = [],
): Promise<Recorded> {
  const tokens: string[] = [];
  const events: string[] = [];
  const handlers: AnswerStreamHandlers = {
    onStart: () => events.push("start"),
    onToken: (text) => (tokens.push(text), events.push("token")),
    onReset: () => ((tokens.length = 0), events.push("reset")),
    onCitations: () => events.push("citations"),
  };
  const started = performance.now();
  const result = await answerer.answer({ question, history }, handlers);
  return { result, tokens, events, ms: performance.now() - started };
}

/** The number of the passage holding `text` in the last request's user message ("[n] 《title》…\ntext"). */
function passageNumber(text: string): number {
  const user = String(fake.requests.at(-1)?.messages.at(-1)?.content ?? "");
  const block = user.split(/\n\n(?=\[\d+\] 《)/).find((part) => part.includes(text));
  return Number(/^\[(\d+)\]/.exec(block ?? "")?.[1] ?? 0);
}

describe("LLM answers", () => {
  it("asks a comparison with the compare prompt and returns its cited rows as a table", async () => {
    const question = "六盘水市公安局治安支队副队长和荷城派出所所长分别是谁？";
    fake.script({ kind: "reply", text: "无法回答：先看资料。" });
    await ask(question);
    const system = String(fake.requests.at(-1)?.messages[0]?.content ?? "");
    expect(system).toContain("六盘水市公安局治安支队副队长、荷城派出所所长");
    const [first, second] = [passageNumber("吕建勋"), passageNumber("樊进")];
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    fake.script({
      kind: "reply",
      text: `分别来看：\n- 六盘水市公安局治安支队副队长：吕建勋[${first}]\n- 荷城派出所所长：樊进[${second}]`,
    });
    const { result } = await ask(question);
    expect(result.mode).toBe("llm");
    expect(result.table?.rows.map((row) => [row.entity, row.value])).toEqual([
      ["六盘水市公安局治安支队副队长", "吕建勋"],
      ["荷城派出所所长", "樊进"],
    ]);
    expect(result.citations.find((citation) => citation.n === result.table!.rows[1]!.citation)?.quote).toContain(
      "樊进",
    );
  });

  it("streams the model's cited answer and maps [1] to the first passage", async () => {
    fake.script({ kind: "reply", text: "江苏省累计建立产业链党建联盟（党委）901个[1]。", deltas: 5 });
    const { result, tokens, events } = await ask("江苏有多少产业链党建联盟?");
    expect(result.mode).toBe("llm");
    expect(result.refused).toBe(false);
    expect(result.answer).toBe("江苏省累计建立产业链党建联盟（党委）901个[1]。");
    expect(tokens.join("")).toBe(result.answer);
    expect(events.filter((event) => event === "token").length).toBeGreaterThanOrEqual(3);
    expect(events.at(-1)).toBe("citations");
    expect(result.citations).toHaveLength(1);
    expect(result.citations[0]!.docId).toBe("003_518b5102fb447ec0-a01");
    expect(result.citations[0]!.quote).toContain("901个");
    const article = corpus.index.articleById.get(result.citations[0]!.docId)!;
    expect(article.text.slice(result.citations[0]!.start, result.citations[0]!.end)).toBe(result.citations[0]!.quote);
    // The prompt carried the numbered passages and the question, and the key was sent.
    const request = fake.requests.at(-1)!;
    const prompt = JSON.stringify(request.messages);
    expect(prompt).toContain("[1]");
    expect(prompt).toContain("江苏有多少产业链党建联盟?");
    expect(prompt).toContain("901个");
    expect(request.authorization).toBe("Bearer test-key");
  });

  it("removes markers that point at no passage and says so", async () => {
    fake.script({ kind: "reply", text: "江苏省累计建立产业链党建联盟（党委）901个[1][42]。" });
    const { result } = await ask("江苏有多少产业链党建联盟?");
    expect(result.answer).toBe("江苏省累计建立产业链党建联盟（党委）901个[1]。");
    expect(result.notice).toContain("[42]");
    expect(result.citations.map((citation) => citation.n)).toEqual([1]);
  });

  it("renumbers cited passages in order of first use", async () => {
    fake.script({ kind: "reply", text: "江苏省累计建立产业链党建联盟（党委）901个[3]，省工信厅推动建立42个[1]。" });
    const { result } = await ask("江苏和贵州分别有多少产业链党建联盟?");
    const markers = [...result.answer.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
    expect(markers).toEqual(result.citations.map((citation) => citation.n));
    for (const citation of result.citations) {
      expect(corpus.index.articleById.get(citation.docId)!.text.slice(citation.start, citation.end)).toBe(
        citation.quote,
      );
    }
  });

  it("falls back to the extractive answer when the model cites nothing", async () => {
    // [42] is past the ten passages the model is given at most, so nothing valid is cited.
    fake.script({ kind: "reply", text: "江苏省累计建立产业链党建联盟（党委）901个[42]。" });
    const { result, events } = await ask("江苏有多少产业链党建联盟?");
    expect(result.mode).toBe("extractive");
    expect(result.notice).toContain("没有引用");
    expect(result.fallbackReason).toBe("llm_uncited");
    expect(result.answer).toContain("901个[1]");
    expect(events).toContain("reset");
  });

  it("removes a figure the cited passage does not hold", async () => {
    fake.script({ kind: "reply", text: "江苏省累计建立产业链党建联盟（党委）902个[1]。覆盖企业6.7万家[1]。" });
    const { result } = await ask("江苏有多少产业链党建联盟?");
    expect(result.answer).not.toContain("902");
    expect(result.answer).toContain("6.7万家[1]");
    expect(result.notice).toContain("902");
  });

  it("passes the model's refusal through with no citations", async () => {
    fake.script({ kind: "reply", text: "无法回答：资料中没有浙江省产业链党建联盟的数量。" });
    const { result } = await ask("浙江省建立了多少个产业链党建联盟？");
    expect(result.mode).toBe("llm");
    expect(result.refused).toBe(true);
    expect(result.coverage).toBe("not_found");
    expect(result.citations).toEqual([]);
    expect(result.answer).toContain("浙江");
  });

  it("rewrites a follow-up with the model and answers the rewrite", async () => {
    fake.script(
      { kind: "reply", text: "贵州省工信厅推动建立了多少个产业链党建联盟？" },
      { kind: "reply", text: "省工信厅推动建立42个产业链党建联盟[1]。" },
    );
    const { result } = await ask("那贵州呢？", [
      { role: "user", content: "江苏有多少产业链党建联盟?" },
      { role: "assistant", content: "江苏省累计建立产业链党建联盟(党委)901个[1]。" },
    ]);
    expect(result.rewritten).toBe("贵州省工信厅推动建立了多少个产业链党建联盟？");
    expect(result.answer).toContain("42个");
    expect(JSON.stringify(fake.requests[0]!.messages)).toContain("江苏有多少产业链党建联盟?");
  });
});

describe("LLM failures fall back to the extractive answer, never hang", () => {
  it("HTTP 500", async () => {
    fake.script({ kind: "error", status: 500, message: "upstream exploded" });
    const { result } = await ask("江苏有多少产业链党建联盟?");
    expect(result.mode).toBe("extractive");
    expect(result.fallbackReason).toBe("llm_http");
    expect(result.notice).toContain("模型暂时不可用");
    expect(result.answer).toContain("901个");
    expect(JSON.stringify(result)).not.toContain("upstream exploded");
  });

  it("a model that never answers, within the timeout", async () => {
    fake.script({ kind: "hang" });
    const { result, ms } = await ask("江苏有多少产业链党建联盟?");
    expect(result.mode).toBe("extractive");
    expect(result.fallbackReason).toBe("llm_timeout");
    expect(result.answer).toContain("901个");
    expect(ms).toBeLessThan(TIMEOUT_MS + 2000);
  });

  it("a stream cut mid-way: the partial text is reset and replaced", async () => {
    fake.script({ kind: "cut", text: "江苏省累计建立产业链党建联盟（党委）901个[1]。", deltas: 6, afterDeltas: 2 });
    const { result, tokens, events } = await ask("江苏有多少产业链党建联盟?");
    expect(result.mode).toBe("extractive");
    expect(result.fallbackReason).toMatch(/llm_stream|llm_http/);
    expect(events).toContain("reset");
    expect(tokens.join("")).toBe(result.answer);
  });
});
