// What a question asks against what a passage states, on the real corpus. The questions are the
// team's own (written from the seed pages), not eval questions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { Answerer } from "./answerer.js";
import { statesCount } from "./figure-grammar.js";
import { askedPlaceKind, namesPlaceOfKind } from "./patterns.js";
import { askedAttribute, englishAskedPhrase, quantityUnit } from "./plan.js";
import { asksWhyOfChange, namesLoosely } from "./verify-rules.js";

let corpus: CorpusIndex;
let answerer: Answerer;
beforeAll(async () => {
  corpus = await buildCorpusIndex();
  answerer = new Answerer({ retriever: corpus.retriever });
});
afterAll(() => corpus.cleanup());

const verdictOf = async (question: string) => (await answerer.prepare(question)).checked[0]!.verdict;
const answerOf = async (question: string) => (await answerer.answer({ question })).answer;

describe("reading the question", () => {
  it("counts only what is counted: 一 as an article and a year are no count", () => {
    expect(statesCount("仅靠单独某一家企业，恐怕很难较快取得突破", "家")).toBe(false);
    expect(statesCount("2022年,张家港市氢能产业链联合党委成立")).toBe(false);
    expect(statesCount("张家港市有20多家氢能企业", "家")).toBe(true);
    expect(statesCount("历经8个月", "年")).toBe(false);
  });

  it("reads a quantity noun as the measure words that state it", () => {
    expect(quantityUnit("消费帮扶金额")).toBe("(?:元)");
    expect(quantityUnit("处级干部")).toBeUndefined();
    expect(askedAttribute("熊明伟今年多大年纪？")).toBe("年纪");
    expect(askedAttribute("评选出多少个模范机关“标兵单位”?")).toBe("模范机关标兵单位");
    expect(askedAttribute("2025年省直机关办理实事或解决问题多少个")).toBe("解决问题");
    expect(askedAttribute("省直单位的绩效考核核心指标平均精简到了几项?")).toBeUndefined();
  });

  it("finds the place level asked and whether a clause names such a place", () => {
    expect(askedPlaceKind("黔南州第一个爱“新”联盟是在哪个县成立的？")).toBe("县");
    expect(namesPlaceOfKind("黔南州贵定县举行主题活动", "县")).toBe(true);
    expect(namesPlaceOfKind("正式成立该州首个爱“新”联盟", "州")).toBe(false);
  });

  it("reads an English question's asked phrase, and a why-question's presupposed change", () => {
    expect(englishAskedPhrase("What is the GDP of Gansu province?")).toBe("GDP");
    expect(asksWhyOfChange("警务背包推行后为什么群众投诉增加了？")).toBe(true);
    expect(asksWhyOfChange("为什么说村里的党员办事群众都看得到？")).toBe(false);
    expect(asksWhyOfChange("为什么长顺县要推动快递进村？")).toBe(false);
  });

  it("finds a counted noun split by an aside in brackets", () => {
    expect(namesLoosely("参与处置各类地灾(险)情500余起", "险情")).toBe(true);
    expect(namesLoosely("累计引进26个大型及以上数据（算力）中心", "数据中心")).toBe(true);
    expect(namesLoosely("358名党员被评为“黔进先锋·四好党员”", "干部")).toBe(false);
  });
});

describe("answering what is asked, refusing what is not stated", () => {
  it("answers a count with the figure of the thing counted, and refuses when only other things are counted", async () => {
    expect(await answerOf("贵州省直机关有多少名处级干部？")).toMatch(/没有找到/);
    expect(await answerOf("呼伦贝尔市有多少个社区？")).toMatch(/没有找到/);
    expect(await answerOf("陈昊参与处置了多少起地灾险情？")).toContain("500余起");
    expect(await answerOf("贵安新区累计引进了多少个大型及以上数据中心")).toContain("26个");
  });

  it("answers a quantity noun's question in its measure words (金额 in 元, 人员 in 人)", async () => {
    expect(await answerOf("省直机关党支部结对帮扶的消费帮扶金额是多少？")).toContain("4.78亿元");
    expect(await answerOf("2021年以来省直部门处分处理了多少名科级及以下党员干部和公职人员？")).toContain("1670人");
    expect(await answerOf("熊明伟今年多大年纪？")).toMatch(/没有找到/);
  });

  it("names the person after a chain of roles and when the question asks for a 名字", async () => {
    expect(await answerOf("长顺县委组织部副部长是谁")).toContain("毛宁");
    expect(await answerOf("贵安综合保税区孵化园联合党支部的党建专员叫什么名字？")).toContain("盛芙蓉");
  });

  it("refuses a province's figure for a city, another city's figure, and a ranking no source makes", async () => {
    expect((await verdictOf("张家港市累计建立了多少个产业链党建联盟？")).kind).toBe("refuse");
    expect((await verdictOf("无锡市有多少家氢能企业？")).kind).toBe("refuse");
    expect((await verdictOf("哪个城市的外卖员最多？")).kind).toBe("refuse");
    expect(await answerOf("江苏有多少产业链党建联盟?")).toContain("901个");
  });

  it("refuses a premise the sources do not state: a figure, a change, a place, an address", async () => {
    expect(await verdictOf("贵定县的爱“新”联盟为什么只有10家商户？")).toMatchObject({
      kind: "refuse",
      reason: "premise",
    });
    expect(await verdictOf("警务背包推行后为什么群众投诉增加了？")).toMatchObject({
      kind: "refuse",
      reason: "premise",
    });
    expect(await verdictOf("熊明伟是哪一年辞去第一书记职务的？")).toMatchObject({ kind: "refuse", reason: "premise" });
    expect(await verdictOf("贵州省工信厅的办公地址在哪里？")).toMatchObject({ kind: "refuse", reason: "attribute" });
  });

  it("does not take a word jieba cut across an unknown name for a missing one (种蜂糖李 → 种蜂 + 糖李)", async () => {
    expect(await answerOf("长顺县那位种蜂糖李的村民今年在网上卖了多少件")).toContain("50多件");
  });

  it("holds a part of the year, a plan period and a quoted name to what the source states", async () => {
    expect(await answerOf("上半年贵州规模以上工业增加值增长了多少？")).toContain("9.6%");
    expect((await verdictOf("下半年贵州规模以上工业增加值增长了多少？")).kind).toBe("refuse");
    expect(await answerOf("“十四五”以来省直机关累计实施了多少个创新项目？")).toContain("667个");
    expect((await verdictOf("“十三五”期间省直机关累计实施了多少个创新项目？")).kind).toBe("refuse");
    expect((await verdictOf("贵州省直机关评选出多少个“优秀单位”？")).kind).toBe("refuse");
    expect(await answerOf("2023年以来省直机关评选出多少个“先进单位”？")).toContain("80个");
  });

  it("answers the county a 哪个县 question asks for", async () => {
    expect(await answerOf("黔南州第一个爱“新”联盟是在哪个县成立的？")).toContain("贵定县");
  });

  it("reads English names with their level and refuses what the dictionary cannot name", async () => {
    expect(await answerOf("How many industry-chain party alliances has Jiangsu built?")).toContain("901");
    expect(
      await answerOf("How many people attended Guizhou's manufacturing digital transformation training class?"),
    ).toContain("50");
    expect((await verdictOf("What is the GDP of Gansu province?")).kind).toBe("refuse");
    expect((await verdictOf("What is the unemployment rate in Jiangsu?")).kind).toBe("refuse");
  });
});
