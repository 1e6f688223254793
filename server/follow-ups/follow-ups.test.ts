// Follow-up suggestions on real answers: offline ones come from the cited
// article's other figures and headings and are each answered from it; with a
// model, the model's lines are read back as plain questions, and a failing
// model falls back to the offline ones. The model is the local fake server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LlmClient } from "../answer/llm.js";
import { AskService } from "../ask-service.js";
import { silentLogger } from "../logger.js";
import { openSqliteStore } from "../store/sqlite.js";
import type { ToolStore } from "../store/types.js";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { startFakeOpenAI, type FakeOpenAI } from "../test-support/fake-openai.js";
import { fixedAssistant } from "../test-support/running-app.js";
import { parseFollowUpLines } from "./model-follow-ups.js";
import { MAX_FOLLOW_UPS } from "./offline-follow-ups.js";

let corpus: CorpusIndex;
let fake: FakeOpenAI;
let store: ToolStore;

beforeAll(async () => {
  [corpus, fake] = await Promise.all([buildCorpusIndex(), startFakeOpenAI()]);
  store = openSqliteStore(":memory:");
});
afterAll(async () => {
  await store.close();
  await fake.close();
  await corpus.cleanup();
});
beforeEach(() => {
  fake.requests.length = 0;
});

function asker(llm?: LlmClient): AskService {
  return new AskService({ assistant: fixedAssistant(corpus, { llm }), answers: store.answers, logger: silentLogger });
}

describe("parseFollowUpLines", () => {
  it("keeps short questions, without list marks, markers, repeats or the question already asked", () => {
    const reply =
      "1. 江苏有多少家企业纳入产业链党建联盟？\n- 这不是问题。\n（2）张家港市有多少家氢能企业?\n江苏有多少产业链党建联盟?\n" +
      "江苏有多少家企业纳入产业链党建联盟？\n哪些企业获得了支持[1]？\n" +
      `${"很".repeat(41)}？`;
    expect(parseFollowUpLines(reply, "江苏有多少产业链党建联盟?")).toEqual([
      "江苏有多少家企业纳入产业链党建联盟？",
      "张家港市有多少家氢能企业？",
    ]);
  });
});

describe("offline follow-ups", () => {
  it("suggests questions about other facts of the cited article, each answered from it", async () => {
    const service = asker();
    // A factoid leaves the article's other figures uncited: they are what a follow-up asks about.
    const answer = await service.ask({ question: "长顺县每天有几辆邮政直投车送快递？" });
    const suggested = await service.followUps(answer.answerId);
    expect(suggested?.from).toBe("offline");
    expect(suggested?.followUps.length).toBeGreaterThan(0);
    expect(suggested?.followUps.length).toBeLessThanOrEqual(MAX_FOLLOW_UPS);
    const citedDoc = answer.citations[0]!.docId;
    for (const question of suggested!.followUps) {
      expect(question).toMatch(/？$/);
      const followed = await service.ask({ question });
      expect(followed.refused).toBe(false);
      expect(followed.citations.map((citation) => citation.docId)).toContain(citedDoc);
    }
  });

  it("does not ask a clause whose subject is in an earlier one (a measure opens it)", async () => {
    const service = asker();
    const answer = await service.ask({ question: "江苏有多少产业链党建联盟?" });
    const suggested = (await service.followUps(answer.answerId))?.followUps ?? [];
    expect(suggested.length).toBeGreaterThan(0);
    // "1条12米长的轨道,1分钟内就能生产5个保温杯": asked back, the clause would lose what produces them.
    for (const question of suggested) expect(question).not.toMatch(/^[0-9０-９]/);
  });
});

describe("model follow-ups", () => {
  const llm = () => new LlmClient({ apiKey: "test-key", baseURL: fake.url, model: "fake-model", timeoutMs: 2000 });

  it("asks the model with the cited article and keeps its questions", async () => {
    const service = asker(llm());
    fake.script(
      { kind: "reply", text: "江苏省累计建立产业链党建联盟（党委）901个[1]。" },
      {
        kind: "reply",
        text: "1. 江苏有多少个基层党组织纳入产业链党建联盟？\n2. 江苏的产业链党建联盟覆盖多少家企业？\n好的。",
      },
    );
    const answer = await service.ask({ question: "江苏有多少产业链党建联盟?" });
    expect(answer.mode).toBe("llm");
    const suggested = await service.followUps(answer.answerId);
    expect(suggested).toEqual({
      answerId: answer.answerId,
      from: "model",
      followUps: ["江苏有多少个基层党组织纳入产业链党建联盟？", "江苏的产业链党建联盟覆盖多少家企业？"],
    });
    const prompt = JSON.stringify(fake.requests.at(-1)?.messages);
    expect(prompt).toContain("3.61万个基层党组织纳入其中");
    expect(prompt).toContain("江苏有多少产业链党建联盟?");
    // Asked once per answer: the second look is served from memory.
    await service.followUps(answer.answerId);
    expect(fake.requests).toHaveLength(2);
  });

  it("falls back to the offline suggestions when the model fails", async () => {
    const service = asker(llm());
    fake.script(
      { kind: "reply", text: "江苏省累计建立产业链党建联盟（党委）901个[1]。" },
      { kind: "error", status: 500 },
    );
    const answer = await service.ask({ question: "江苏有多少产业链党建联盟?" });
    const suggested = await service.followUps(answer.answerId);
    expect(suggested?.from).toBe("offline");
    expect(suggested?.followUps.length).toBeGreaterThan(0);
  });
});
