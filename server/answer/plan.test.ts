// Stage 2 on the real corpus's segmenter (its user dictionary keeps 贵安新区 and 省工信厅 whole).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { normaliseQuestion } from "./normalise.js";
import { askedRole, definedTerm, detectIntent, plan } from "./plan.js";

let corpus: CorpusIndex;
beforeAll(async () => {
  corpus = await buildCorpusIndex();
});
afterAll(() => corpus.cleanup());

const planOf = (question: string) => plan(normaliseQuestion(question), corpus.index.segmenter);

describe("detectIntent", () => {
  it.each([
    ["江苏省累计建立了多少个产业链党建联盟？", "count"],
    ["张家港市氢能产业链联合党委是哪一年成立的?", "date"],
    ["六盘水市公安局治安支队副队长是谁", "person"],
    ["贵安新区重点项目党员攻坚队的成员来自哪几个部门？", "list"],
    ["七星关区青少年成长指导中心设有哪些功能区？", "list"],
    ["什么是产业链党建？", "definition"],
    ["贵安新区是怎么做园区非公企业党建的？", "explain"],
    ["省直机关在理论武装上做了哪些工作？", "summary"],
    ["熊明伟是哪个单位的？", "place"],
  ])("%s → %s", (question, intent) => {
    expect(detectIntent(question)).toBe(intent);
  });

  it("reads 这几年 as a period, so a question about it is no count", () => {
    expect(planOf("省直机关这几年在理论武装上做了哪些工作？").intent).toBe("summary");
  });
});

describe("plan", () => {
  it("fills the slots a count question checks: entities, attribute, unit, year", () => {
    const result = planOf("2020年江苏省建立了多少个产业链党建联盟？");
    expect(result.intent).toBe("count");
    expect(result.slots).toMatchObject({
      entities: ["江苏"],
      attribute: "产业链党建联盟",
      unit: "个",
      time: { years: ["2020"], recent: false },
    });
  });

  it("names the scope and the presupposed event", () => {
    expect(planOf("全国今年新能源汽车产量增长了多少倍？").slots.scope).toEqual({ word: "全国", level: "national" });
    expect(planOf("张家港市氢能产业链联合党委是哪一年解散的？").slots.event).toBe("解散");
  });

  it("splits a comparison into one sub-query per side", () => {
    const result = planOf("六盘水市公安局治安支队副队长和荷城派出所所长分别是谁？");
    expect(result.intent).toBe("compare");
    expect(result.subQueries.map((query) => [query.label, query.text, query.intent])).toEqual([
      ["六盘水市公安局治安支队副队长", "六盘水市公安局治安支队副队长是谁?", "person"],
      ["荷城派出所所长", "荷城派出所所长是谁?", "person"],
    ]);
  });

  it("shares the words after the second side with the first (贵州和甘肃的文章)", () => {
    const sides = planOf("贵州和甘肃的文章分别怎样定位工业的作用？").subQueries.map((query) => query.text);
    expect(sides).toEqual(["贵州的文章怎样定位工业的作用?", "甘肃的文章怎样定位工业的作用?"]);
  });

  it("does not split at 和 inside quotation marks, and moves a trailing clause to the question asked of both", () => {
    const sides = planOf(
      "贵州省制造业数字化转型高级研修班和“青年论剑”活动，除了省工信厅，各由哪个单位共同主办？",
    ).subQueries;
    expect(sides.map((query) => query.label)).toEqual(["贵州省制造业数字化转型高级研修班", "“青年论剑”活动"]);
    expect(sides.every((query) => query.text.endsWith("除了省工信厅由哪个单位共同主办?"))).toBe(true);
  });

  it("gives two questions typed as one a sub-query each, the second keeping the first one's subject", () => {
    const result = planOf("省直机关党员总数峰值是多少 2021年以来发展了多少党员");
    expect(result.subQueries.map((query) => query.text)).toEqual([
      "省直机关党员总数峰值是多少",
      "省直机关2021年以来发展了多少党员",
    ]);
  });

  it("reads the role a 谁 question asks for and the term a 什么是 question defines", () => {
    expect(askedRole("贵安综合保税区孵化园联合党支部的党建专员是谁？")).toBe("党建专员");
    expect(askedRole("六盘水市公安局治安支队副队长是谁")).toBe("副队长");
    expect(definedTerm("贵州省工信厅服务乡村振兴的“三支队伍”指的是什么？")).toBe("三支队伍");
    expect(definedTerm("什么是产业链党建？")).toBe("产业链党建");
  });
});
