// The answering core on the real corpus, offline (extractive) path: real
// questions across all five pages, refusals, follow-ups, and the invariants
// every result must keep (quotes at their offsets, markers that point somewhere).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { Answerer } from "./answerer.js";
import { parseCitationMarkers } from "./citations.js";
import type { AnswerResult } from "./types.js";

let corpus: CorpusIndex;
let answerer: Answerer;

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  answerer = new Answerer({ retriever: corpus.retriever });
});

afterAll(() => corpus.cleanup());

const PAGE = {
  p000: "000_e0a201f519d5c824",
  p001: "001_03a8d35b681066be",
  p002: "002_54d2f36e2aadab4b",
  p003: "003_518b5102fb447ec0",
  p004: "004_4fe301b4031d4404",
};

function expectWellFormed(result: AnswerResult): void {
  for (const citation of result.citations) {
    const article = corpus.index.articleById.get(citation.docId)!;
    expect(article.text.slice(citation.start, citation.end)).toBe(citation.quote);
    expect(citation.source).toBe(article.source);
    expect(citation.title).toBe(article.title);
  }
  const numbers = result.citations.map((citation) => citation.n);
  for (const marker of parseCitationMarkers(result.answer)) expect(numbers).toContain(marker);
}

// [question, a fact the answer must contain, the article its first citation must come from]
const ANSWERABLE: Array<[string, string, string]> = [
  // quantity
  ["江苏有多少产业链党建联盟?", "901个", `${PAGE.p003}-a01`],
  ["贵州省工信厅推动建立了多少个产业链党建联盟？", "42个", `${PAGE.p002}-a06`],
  ["2025年贵州省制造业数字化转型高级研修班有多少名人才参加？", "50名", `${PAGE.p000}-a01`],
  ["省新型工业化领导小组专项办公室的工作台账里有多少个亿元级工业项目？", "52个", `${PAGE.p000}-a01`],
  ["贵州新能源汽车产量增长了多少倍？", "32倍", `${PAGE.p000}-a01`],
  ["贵安新区已经组建了多少支党员项目攻坚队", "30余支", `${PAGE.p001}-a01`],
  ["贵定县的暖心举措呵护了多少名“城市奔跑者”?", "455名", `${PAGE.p001}-a04`],
  ["贵定县爱“新”联盟有多少家商户加入？", "130家商户", `${PAGE.p001}-a04`],
  ["长顺县群众每取一件快递，村集体经济能增加多少钱?", "0.4元", `${PAGE.p001}-a08`],
  ["省直机关各部门成立了多少个青年理论学习小组", "1286个", `${PAGE.p002}-a01`],
  ["省直机关党员总数峰值是多少名?", "79713名", `${PAGE.p002}-a02`],
  ["《以高质量机关党建推动建设现代化产业体系的若干措施》提出了几条举措？", "十条举措", `${PAGE.p002}-a06`],
  ["江苏的产业链党建联盟覆盖了多少家企业?", "6.7万家", `${PAGE.p003}-a01`],
  ["呼伦贝尔全市有多少名外卖员参与了社区志愿服务", "1700余名", `${PAGE.p003}-a04`],
  ["陈昊参与处置了多少起地灾险情？", "500余起", `${PAGE.p003}-a03`],
  // date
  ["张家港市氢能产业链联合党委是哪一年成立的?", "2022年", `${PAGE.p003}-a01`],
  // person / organisation
  ["贵安综合保税区孵化园联合党支部的党建专员是谁？", "盛芙蓉", `${PAGE.p001}-a01`],
  ["六盘水市公安局治安支队副队长是谁", "吕建勋", `${PAGE.p001}-a03`],
  ["无锡高新区软件与信息技术服务产业链上的“红链管家”是谁?", "党晓艳", `${PAGE.p003}-a01`],
  ["重庆市地矿局南江地质队驻守地质工程师是谁", "陈昊", `${PAGE.p003}-a03`],
  // list
  ["七星关区青少年成长指导中心设有哪些功能区？", "民盟·知语室", `${PAGE.p001}-a05`],
  ["黔东南州哪些县的景区组织党员干部当志愿者？", "镇远县", `${PAGE.p001}-a07`],
  ["甘肃抢占未来产业新赛道要围绕哪些重点领域？", "量子科技", `${PAGE.p004}-a01`],
  ["甘肃要争创哪些国家级先进制造业产业集群?", "石化化工", `${PAGE.p004}-a01`],
  // definition
  ["“顺先锋·邮万家”是什么", "党建服务品牌", `${PAGE.p001}-a08`],
  ["“1+1+X”服务高质量发展指标体系是什么", "领导评价指标", `${PAGE.p002}-a02`],
  // why / how
  ["针对重大项目的堵点，贵州省工信厅是怎么做的？", "问题台账", `${PAGE.p000}-a01`],
  ["甘肃打算怎样做强龙头骨干企业", "引大引强引头部", `${PAGE.p004}-a01`],
  ["党员干部应该如何在马上就办中履责", "说了就办", `${PAGE.p004}-a02`],
  ["怎样健全农村基层党组织的专项经费制度？", "费随事转", `${PAGE.p004}-a04`],
  ["为什么说省直机关的党建工作质量关系全局?", "最初一公里", `${PAGE.p002}-a03`],
  // paraphrase
  ["张家港那边做氢能的企业大概有多少家？", "20多家", `${PAGE.p003}-a01`],
  // the measure word asked for decides the figure
  ["长顺县每天有几辆邮政直投车送快递？", "8辆", `${PAGE.p001}-a08`],
  ["甘肃省要实施兰州石化多少万吨乙烯改造？", "120万吨", `${PAGE.p004}-a01`],
];

describe("answers real questions with the fact and the right source", () => {
  it.each(ANSWERABLE)("%s → %s", async (question, fact, docId) => {
    const result = await answerer.answer({ question });
    expect(result.refused).toBe(false);
    expect(result.mode).toBe("extractive");
    expect(result.answer).toContain(fact);
    expect(result.citations[0]!.docId).toBe(docId);
    expect(result.citations.some((citation) => citation.quote.includes(fact))).toBe(true);
    expectWellFormed(result);
  });

  it("leads a count answer with the fact and quotes the source sentence", async () => {
    const result = await answerer.answer({ question: "江苏有多少产业链党建联盟?" });
    expect(result.answer.startsWith("江苏省累计建立产业链党建联盟(党委)901个[1]。")).toBe(true);
    expect(result.citations).toHaveLength(1);
    expect(result.citations[0]!.quote).toBe(
      "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。",
    );
    expect(result.coverage).toBe("answered");
  });

  it("answers the Guizhou department's question with 42, never 901", async () => {
    const result = await answerer.answer({ question: "贵州省工信厅推动建立了多少个产业链党建联盟？" });
    expect(result.answer).toContain("42");
    expect(result.answer).not.toContain("901");
  });

  it("takes a provincial body named without its province as the page's: 贵州 → 省工信厅's 42, in a comparison too", async () => {
    const single = await answerer.answer({ question: "贵州的产业链党建联盟有多少？" });
    expect(single.answer).toContain("42个");
    expect(single.citations[0]?.docId).toBe(`${PAGE.p002}-a06`);
    const compared = await answerer.answer({ question: "贵州和江苏的产业链党建联盟各有多少？" });
    expect(compared.coverage).toBe("answered");
    expect(compared.table?.rows.map((row) => row.value)).toEqual([
      expect.stringContaining("42个"),
      expect.stringContaining("901个"),
    ]);
    // A province the page is not about is still refused, and the refusal does not say the corpus lacks 甘肃.
    const other = await answerer.answer({ question: "甘肃的产业链党建联盟有多少？" });
    expect(other.refused).toBe(true);
    expect(other.answer).toBe("语料中有关于“甘肃”的内容，但没有找到其“产业链党建联盟”的信息，无法回答这个问题。");
  });
});

describe("what a partial answer says it left out", () => {
  it("a word the quoted sources lack but the corpus holds is not said to be missing from the corpus", async () => {
    const result = await answerer.answer({ question: "贵州和甘肃的文章分别怎样定位工业的作用？" });
    expect(result.coverage).toBe("partial");
    expect(result.missing).toContain("工业");
    expect(result.answer).toContain("（所引原文未提及：工业。）");
    expect(result.answer).not.toContain("语料未涉及：工业");
  });
});

const OUT_OF_CORPUS = [
  "浙江省建立了多少个产业链党建联盟？",
  "四川省今年上半年规模以上工业增加值增长了多少？",
  "河南省工信厅培育了多少家专精特新企业？",
  "截至2025年底，湖南省直机关基层党组织有多少个",
  "安顺市公安局的“警务背包”包含多少项服务？",
  "江苏骥骜氢能科技有限公司去年的营收是多少",
  "呼伦贝尔市外卖员的平均月收入是多少?",
  "宁德时代2024年的营业收入是多少?",
  "Who won the 2022 FIFA World Cup?",
  "今天贵阳天气怎么样",
  // another department's figure, a figure in the wrong unit, a role nobody holds in the text
  "贵州省教育厅培育了多少家专精特新企业？",
  "兰州石化120万吨乙烯改造项目总投资是多少亿元?",
  "呼伦贝尔市有多少个快递网点？",
  "省直机关工委书记是谁？",
];

describe("refuses what the corpus does not hold", () => {
  it.each(OUT_OF_CORPUS)("%s", async (question) => {
    const result = await answerer.answer({ question });
    expect(result.refused).toBe(true);
    expect(result.coverage).toBe("not_found");
    expect(result.citations).toEqual([]);
    expect(result.answer).not.toMatch(/\[\d+\]/);
    expect(result.answer).not.toContain("901");
  });

  it("names the place it found nothing about and offers related passages", async () => {
    const result = await answerer.answer({ question: "浙江省建立了多少个产业链党建联盟？" });
    expect(result.answer).toContain("浙江");
    expect(result.related?.length).toBeGreaterThan(0);
    for (const related of result.related!) {
      expect(corpus.index.articleById.get(related.docId)!.text.slice(related.start, related.end)).toBe(related.quote);
    }
  });

  it("names the missing term of a count question", async () => {
    const result = await answerer.answer({ question: "江苏骥骜氢能科技有限公司去年的营收是多少" });
    expect(result.answer).toContain("营收");
  });
});

describe("follow-up questions", () => {
  it("rewrites 那贵州呢？ after the Jiangsu question and answers from Guizhou", async () => {
    const tokens: string[] = [];
    let started: { rewritten?: string } | undefined;
    const result = await answerer.answer(
      {
        question: "那贵州省工信厅呢？",
        history: [
          { role: "user", content: "江苏省累计建立了多少个产业链党建联盟？" },
          { role: "assistant", content: "901个" },
        ],
      },
      { onStart: (info) => (started = info), onToken: (text) => tokens.push(text) },
    );
    expect(result.rewritten).toBe("贵州省工信厅累计建立了多少个产业链党建联盟？");
    expect(started).toEqual({ rewritten: result.rewritten });
    expect(result.answer).toContain("42个");
    expect(tokens.join("")).toBe(result.answer);
  });

  it("swaps the topic of a frame: “先进单位”呢", async () => {
    const history = [{ role: "user" as const, content: "2023年以来贵州省直机关评选出多少个模范机关“标兵单位”?" }];
    const result = await answerer.answer({ question: "“先进单位”呢", history });
    expect(result.rewritten).toBe("2023年以来贵州省直机关评选出多少个“先进单位”?");
    expect(result.answer).toContain("80个");
  });

  it("lends the previous subject to a question that lost it", async () => {
    const result = await answerer.answer({
      question: "党员有多少名？",
      history: [{ role: "user", content: "贵安新区园区有多少个非公企业党组织？" }],
    });
    expect(result.rewritten).toBe("贵安新区园区党员有多少名？");
    expect(result.answer).toContain("400余名");
  });

  it("leaves a standalone question alone even with history", async () => {
    const history = [{ role: "user" as const, content: "江苏有多少产业链党建联盟?" }];
    const result = await answerer.answer({ question: "贵定县爱“新”联盟有多少家商户加入？", history });
    expect(result.rewritten).toBeUndefined();
    expect(result.answer).toContain("130家商户");
  });
});

describe("result shape", () => {
  it("streams the answer as ordered deltas, then citations, and reports timings", async () => {
    const events: string[] = [];
    const tokens: string[] = [];
    const result = await answerer.answer(
      { question: "长顺县群众每取一件快递，村集体经济能增加多少钱?" },
      {
        onStart: () => events.push("start"),
        onToken: (text) => (tokens.push(text), events.push("token")),
        onCitations: () => events.push("citations"),
      },
    );
    expect(events[0]).toBe("start");
    expect(events.at(-1)).toBe("citations");
    expect(tokens.join("")).toBe(result.answer);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.retrieveMs);
  });

  it("frames an English question in English around the Chinese quote", async () => {
    const result = await answerer.answer({
      question: "How many industrial chain Party building alliances has Jiangsu Province set up in total?",
    });
    expect(result.refused).toBe(false);
    expect(result.answer).toMatch(/^According to the corpus/);
    expect(result.answer).toContain("901");
  });
});

describe("figure check on the extractive path", () => {
  it("every figure of every answer to the eval's dev questions is in its cited quote", async () => {
    const { readQuestionFile } = await import("../evaluation/questions.js");
    const { checkFigures } = await import("./figures.js");
    const path = await import("node:path");
    const { PROJECT_ROOT } = await import("../config.js");
    const { questions } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
    let checked = 0;
    for (const question of questions.filter((candidate) => candidate.split === "dev")) {
      const result = await answerer.answer({ question: question.question });
      if (result.refused) continue;
      const verdict = checkFigures(
        result.answer,
        new Map(result.citations.map((citation) => [citation.n, citation.quote])),
      );
      expect(verdict.unsupported, question.question).toEqual([]);
      expect(result.notice ?? "").not.toContain("已删除");
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});
