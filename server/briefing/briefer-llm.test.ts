// The LLM briefing end to end: real retrieval, the real @langchain/openai client
// and a local OpenAI-compatible server standing in for the hosted model.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { startFakeOpenAI, type FakeOpenAI } from "../test-support/fake-openai.js";
import { Briefer } from "./briefer.js";
import { expectSound } from "../test-support/briefing-checks.js";
import type { Briefing } from "./types.js";

let corpus: CorpusIndex;
let fake: FakeOpenAI;
let briefer: Briefer;

beforeAll(async () => {
  [corpus, fake] = await Promise.all([buildCorpusIndex(), startFakeOpenAI()]);
  briefer = new Briefer({
    retriever: corpus.retriever,
    llm: { apiKey: "test-key", baseURL: fake.url, model: "fake-model", timeoutMs: 800 },
  });
});
afterAll(async () => {
  await fake.close();
  await corpus.cleanup();
});
beforeEach(() => {
  fake.requests.length = 0;
});

const text = (docId: string) => corpus.index.articleById.get(docId)!.text;

const MODEL_BRIEFING = [
  "- 各地建立产业链党建联盟，推动政企沟通[1]。",
  "- 企业抱团发展，共建立产业链党建联盟99999个[2]，合作更加紧密[2]。",
  "- 党建与产业深度融合[3][99]。",
  "- 产业链党建促进了重点项目落地[4]。",
  "- 再说一遍各地建立产业链党建联盟[1]。",
].join("\n");

describe("LLM briefing", () => {
  it("cleans markers, removes a figure the source lacks, drops a point that re-quotes a passage", async () => {
    fake.script({ kind: "reply", text: MODEL_BRIEFING, deltas: 12 });
    const streamed: string[] = [];
    const result = (await briefer.build(
      { topic: "产业链党建" },
      { onPoint: (point) => streamed.push(point.text) },
    )) as Briefing;
    expect(result.mode).toBe("llm");
    expect(result.points.map((point) => point.text)).toEqual([
      "各地建立产业链党建联盟，推动政企沟通[1]。",
      "企业抱团发展，合作更加紧密[2]。",
      "党建与产业深度融合[3]。",
      "产业链党建促进了重点项目落地[4]。",
    ]);
    expect(streamed).toEqual(result.points.map((point) => point.text));
    expect(result.notice).toContain("[99]");
    expect(result.notice).toContain("99999个");
    expect(JSON.stringify([result.points, result.figures])).not.toContain("99999");
    expect(result.citations.map((citation) => citation.n)).toEqual([1, 2, 3, 4]);
    expectSound(result, text);
    // The prompt is the file in prompts/, with numbered passages and the topic.
    const user = String(fake.requests[0]!.messages.at(-1)!.content);
    expect(user).toContain("简报主题：产业链党建");
    expect(user).toMatch(/\[1\] 《.+》（seeds\//);
    expect(String(fake.requests[0]!.messages[0]!.content)).toContain("[n]");
  });

  it("falls back to the extractive briefing, with a notice, when the model answers 500", async () => {
    fake.script({ kind: "error", status: 500 });
    const result = (await briefer.build({ topic: "新就业群体" })) as Briefing;
    expect(result).toMatchObject({
      mode: "extractive",
      fallbackReason: "llm_http",
      notice: expect.stringContaining("离线摘录"),
    });
    expectSound(result, text);
  });

  it("resets the streamed points and falls back when the stream is cut mid-way", async () => {
    fake.script({ kind: "cut", text: MODEL_BRIEFING, deltas: 10, afterDeltas: 6 });
    const events: string[] = [];
    const result = (await briefer.build(
      { topic: "产业链党建" },
      { onPoint: () => events.push("point"), onReset: () => events.push("reset") },
    )) as Briefing;
    expect(result.mode).toBe("extractive");
    expect(events).toContain("reset");
    expect(events.slice(events.indexOf("reset") + 1)).toEqual(result.points.map(() => "point"));
  });

  it("falls back when the model cites nothing", async () => {
    fake.script({ kind: "reply", text: "- 没有引用的要点。\n- 另一条。" });
    const result = (await briefer.build({ topic: "快递进村" })) as Briefing;
    expect(result).toMatchObject({ mode: "extractive", fallbackReason: "llm_uncited" });
  });

  it("refuses an out-of-corpus topic without calling the model", async () => {
    const result = await briefer.build({ topic: "量子计算在金融业的应用" });
    expect(result.refused).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });
});
