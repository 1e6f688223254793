// The eval's metric functions on small literal fixtures: fact matching, the
// citation rule, refusal precision/recall edge cases, percentiles, grouping,
// targets and thresholds.
import { describe, expect, it } from "vitest";
import {
  answerBody,
  answerLead,
  articleRank,
  checkThresholds,
  citationSupports,
  computeMetrics,
  factsPresent,
  findShortfalls,
  normalizeText,
  percentile,
  summarize,
  TARGETS,
  type QuestionRecord,
} from "./metrics.js";

/** A record with neutral defaults: an answerable dev number question answered right. */
function record(overrides: Partial<QuestionRecord>): QuestionRecord {
  return {
    id: "q1",
    split: "dev",
    category: "number",
    question: "江苏省累计建立了多少个产业链党建联盟？",
    query: "江苏省累计建立了多少个产业链党建联盟？",
    refuse: false,
    gold: { match: "all", facts: ["901个"], docId: "d1" },
    scoredOn: "lead",
    answer: "901个[1]",
    refused: false,
    mode: "extractive",
    citations: [],
    retrieved: [],
    goldRank: 1,
    answerCorrect: true,
    citationCorrect: true,
    correct: true,
    latencyMs: 10,
    ...overrides,
  };
}

describe("fact matching", () => {
  it("needs every fact with all and one with any", () => {
    expect(
      factsPresent("驻村工作队、技术专家队和村企联建队", {
        match: "all",
        facts: ["驻村工作队", "技术专家队", "村企联建队"],
      }),
    ).toBe(true);
    expect(
      factsPresent("驻村工作队、技术专家队", { match: "all", facts: ["驻村工作队", "技术专家队", "村企联建队"] }),
    ).toBe(false);
    expect(factsPresent("我省是国家重要的老工业基地", { match: "any", facts: ["老工业基地", "战略腹地"] })).toBe(true);
    expect(factsPresent("我省位于西北", { match: "any", facts: ["老工业基地", "战略腹地"] })).toBe(false);
  });

  it("compares after NFKC: full-width digits, letters and percent signs match half-width gold", () => {
    expect(normalizeText("９０１个，增长１５．７％")).toBe("901个,增长15.7%");
    expect(factsPresent("江苏省累计建立产业链党建联盟（党委）９０１个", { match: "all", facts: ["901个"] })).toBe(true);
    expect(factsPresent("增长15.7%", { match: "all", facts: ["１５．７％"] })).toBe(true);
    expect(factsPresent("Jiangsu has 901 alliances", { match: "all", facts: ["jiangsu", "901"] })).toBe(true);
    // Stray spaces left by extraction do not hide a fact.
    expect(factsPresent("共有 5100 余个基层党组织", { match: "all", facts: ["5100余个"] })).toBe(true);
  });

  it("an all-list with no facts is satisfied; a number one digit off is not", () => {
    expect(factsPresent("anything", { match: "all", facts: [] })).toBe(true);
    expect(factsPresent("90个", { match: "all", facts: ["901个"] })).toBe(false);
  });
});

describe("open questions: at least min of the facts", () => {
  const gold = { match: "min" as const, facts: ["问题台账", "清单化推进", "要素保障"], min: 2 };
  it("counts an answer naming two of three specifics, not one naming one", () => {
    expect(factsPresent("建立问题台账[1]，全方位做好项目要素保障[1]。", gold)).toBe(true);
    expect(factsPresent("建立问题台账[1]。", gold)).toBe(false);
  });
});

describe("where facts are looked for", () => {
  const factoid =
    "江苏省累计建立产业链党建联盟(党委)42个[1]。\n\n原文：“截至目前,江苏省累计建立产业链党建联盟(党委)901个”[1]";
  it("the lead stops at the first paragraph and at an inline 原文", () => {
    expect(answerLead(factoid)).toBe("江苏省累计建立产业链党建联盟(党委)42个[1]。");
    expect(answerLead("贵州省42个[1]。原文：“901个”")).toBe("贵州省42个[1]。");
    // A wrong lead above the right quote is a wrong answer.
    expect(factsPresent(answerLead(factoid), { match: "all", facts: ["901个"] })).toBe(false);
    expect(factsPresent(factoid, { match: "all", facts: ["901个"] })).toBe(true);
  });
  it("an English frame line is the whole lead: a quote below it does not answer in it", () => {
    expect(answerLead("According to the corpus (quoted in Chinese):\n\n截至目前,901个[1]")).toBe(
      "According to the corpus (quoted in Chinese):",
    );
  });
  it("the body drops the source and related blocks but keeps every point", () => {
    const open = "主要做法：\n1. 建立问题台账[1]\n2. 清单化推进[1]\n\n来源：\n[1] 《红色引擎》“要素保障”";
    expect(answerBody(open)).toBe("主要做法：\n1. 建立问题台账[1]\n2. 清单化推进[1]\n\n");
    expect(answerBody("没有找到。\n相关内容：\n901个")).toBe("没有找到。\n");
  });
});

describe("citation rule", () => {
  const gold = { match: "all" as const, facts: ["901个", "6.7万家"] };
  const passage = [{ docId: "d1", quote: "累计建立产业链党建联盟(党委)901个,覆盖企业6.7万家。" }];
  it("counts a citation from the gold article whose quote holds a gold fact", () => {
    expect(citationSupports([{ docId: "d1", quote: "覆盖企业6.7万家。" }], gold, passage)).toBe(true);
  });
  it("rejects the right fact quoted from another article, and the gold article without a fact", () => {
    expect(citationSupports([{ docId: "d2", quote: "累计建立901个" }], gold, passage)).toBe(false);
    expect(citationSupports([{ docId: "d1", quote: "党建聚合力 发展增动能" }], gold, passage)).toBe(false);
    expect(citationSupports([], gold, passage)).toBe(false);
    expect(citationSupports([{ docId: "d1", quote: "901个" }], gold, [])).toBe(false);
  });
  it("a comparison needs each gold passage cited with its own fact", () => {
    const compare = { match: "all" as const, facts: ["901个", "42个"] };
    const passages = [
      { docId: "js", quote: "江苏省累计建立产业链党建联盟(党委)901个" },
      { docId: "gz", quote: "推动建立42个产业链党建联盟" },
    ];
    const both = [
      { docId: "js", quote: "联盟(党委)901个" },
      { docId: "gz", quote: "建立42个产业链党建联盟" },
    ];
    expect(citationSupports(both, compare, passages)).toBe(true);
    expect(citationSupports(both.slice(0, 1), compare, passages)).toBe(false);
    // Each passage's own fact: Guizhou's article quoted with Jiangsu's figure does not cite Guizhou.
    expect(citationSupports([both[0]!, { docId: "gz", quote: "901个" }], compare, passages)).toBe(false);
  });
});

describe("articleRank", () => {
  it("ranks distinct articles, so several chunks of one article take one place", () => {
    expect(articleRank(["a", "a", "b", "a", "c"], "c")).toBe(3);
    expect(articleRank(["a", "b"], "z")).toBe(0);
  });
});

describe("percentile (nearest rank)", () => {
  it("returns observed values", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 50)).toBeNull();
  });
});

describe("computeMetrics", () => {
  const mustRefuse = (id: string, refused: boolean) =>
    record({
      id,
      category: "out-of-corpus",
      refuse: true,
      gold: { match: "all", facts: [] },
      refused,
      goldRank: null,
      answerCorrect: null,
      citationCorrect: null,
      correct: refused,
    });

  it("counts refusal precision and recall with the must-refuse questions as positives", () => {
    const metrics = computeMetrics([
      mustRefuse("r1", true),
      mustRefuse("r2", true),
      mustRefuse("r3", false),
      record({ id: "a1", refused: true, answerCorrect: false, citationCorrect: false, correct: false }),
      record({ id: "a2" }),
    ]);
    expect(metrics).toMatchObject({
      questions: 5,
      answerable: 2,
      mustRefuse: 3,
      refused: 3,
      correctRefusals: 2,
      falseRefusals: 1,
    });
    expect(metrics.refusalPrecision).toBeCloseTo(2 / 3);
    expect(metrics.refusalRecall).toBeCloseTo(2 / 3);
    expect(metrics.answerAccuracy).toBe(0.5);
  });

  it("leaves precision undefined when nothing was refused, and recall when nothing had to be", () => {
    const noRefusals = computeMetrics([mustRefuse("r1", false), record({ id: "a1" })]);
    expect(noRefusals.refusalPrecision).toBeNull();
    expect(noRefusals.refusalRecall).toBe(0);
    const noPositives = computeMetrics([
      record({ id: "a1" }),
      record({ id: "a2", refused: true, answerCorrect: false, correct: false }),
    ]);
    expect(noPositives.refusalRecall).toBeNull();
    expect(noPositives.refusalPrecision).toBe(0);
    const onlyRefusals = computeMetrics([mustRefuse("r1", true)]);
    expect(onlyRefusals).toMatchObject({
      answerAccuracy: null,
      citationAccuracy: null,
      recallAt5: null,
      mrr: null,
      refusalPrecision: 1,
      refusalRecall: 1,
    });
  });

  it("takes recall@k and MRR over answerable questions with a gold article", () => {
    const metrics = computeMetrics([
      record({ goldRank: 1 }),
      record({ goldRank: 2 }),
      record({ goldRank: 6 }),
      record({ goldRank: 0 }),
      record({ goldRank: null }),
    ]);
    expect(metrics.retrievalMeasured).toBe(4);
    expect(metrics.recallAt1).toBe(0.25);
    expect(metrics.recallAt5).toBe(0.5);
    expect(metrics.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 6) / 4);
  });

  it("reports latency percentiles and errors", () => {
    const metrics = computeMetrics([
      record({ latencyMs: 30 }),
      record({ latencyMs: 10, error: "boom" }),
      record({ latencyMs: 20 }),
    ]);
    expect(metrics.latencyP50).toBe(20);
    expect(metrics.latencyP95).toBe(30);
    expect(metrics.errors).toBe(1);
  });
});

describe("summarize", () => {
  it("groups by split, then category in the documented order", () => {
    const summary = summarize([
      record({ id: "t1", split: "test", category: "paraphrase", answerCorrect: false, correct: false }),
      record({ id: "t2", split: "test", category: "number" }),
      record({ id: "t3", split: "test", category: "number" }),
      record({ id: "d1", split: "dev", category: "date" }),
    ]);
    expect(Object.keys(summary)).toEqual(["dev", "test"]);
    expect(Object.keys(summary.test!.categories)).toEqual(["number", "paraphrase"]);
    expect(summary.test!.categories.number!.answerAccuracy).toBe(1);
    expect(summary.test!.categories.paraphrase!.answerAccuracy).toBe(0);
    expect(summary.test!.overall.answerAccuracy).toBeCloseTo(2 / 3);
    expect(summary.dev!.overall.questions).toBe(1);
  });

  it("omits a split with no questions", () => {
    expect(Object.keys(summarize([record({ split: "test" })]))).toEqual(["test"]);
  });
});

describe("targets and thresholds", () => {
  it("names the categories below target, blaming false refusals for low overall precision", () => {
    const summary = summarize([
      record({
        id: "t1",
        split: "test",
        category: "date",
        refused: true,
        answerCorrect: false,
        citationCorrect: false,
        correct: false,
      }),
      record({ id: "t2", split: "test", category: "number" }),
      record({
        id: "t3",
        split: "test",
        category: "out-of-corpus",
        refuse: true,
        refused: true,
        goldRank: null,
        answerCorrect: null,
        citationCorrect: null,
      }),
    ]);
    const shortfalls = findShortfalls(summary);
    expect(shortfalls).toContainEqual({
      split: "test",
      scope: "date",
      metric: "answerAccuracy",
      value: 0,
      target: 0.8,
    });
    expect(shortfalls).toContainEqual({
      split: "test",
      scope: "date",
      metric: "refusalPrecision",
      value: 0.5,
      target: 0.9,
      falseRefusals: 1,
    });
    expect(shortfalls).toContainEqual({
      split: "test",
      scope: "overall",
      metric: "refusalPrecision",
      value: 0.5,
      target: 0.9,
    });
    expect(shortfalls.some((shortfall) => shortfall.scope === "number" || shortfall.scope === "out-of-corpus")).toBe(
      false,
    );
  });

  it("fails a metric below its threshold or not measurable, with float noise tolerated", () => {
    const metrics = computeMetrics([record({ id: "a1" }), record({ id: "a2", answerCorrect: false, correct: false })]);
    const results = checkThresholds(metrics, { ...TARGETS, answerAccuracy: 0.5, citationAccuracy: 0.6, recallAt5: 1 });
    const byMetric = Object.fromEntries(results.map((result) => [result.metric, result]));
    expect(byMetric.answerAccuracy).toMatchObject({ value: 0.5, passed: true });
    expect(byMetric.citationAccuracy).toMatchObject({ value: 1, passed: true });
    expect(byMetric.recallAt5).toMatchObject({ value: 1, passed: true });
    expect(byMetric.refusalRecall).toMatchObject({ value: null, passed: false });
    expect(
      checkThresholds({ ...metrics, answerAccuracy: 0.7 - 1e-12 }, { ...TARGETS, answerAccuracy: 0.7 })[0]!.passed,
    ).toBe(true);
  });
});
