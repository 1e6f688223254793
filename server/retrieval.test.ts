// Retrieval on the real corpus: a temp index built from seeds/ by the real
// pipeline, real questions, gold articles from reading the text.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readQuestionFile } from "../eval/questions.js";
import { PROJECT_ROOT } from "./config.js";
import type { Retriever } from "./retrieval.js";
import { buildCorpusIndex, type CorpusIndex } from "./test-support/corpus-index.js";

let corpus: CorpusIndex;
let retriever: Retriever;

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  retriever = corpus.retriever;
});

afterAll(() => corpus.cleanup());

describe("retrieve", () => {
  it("puts the Jiangsu 901 sentence first, above the Guizhou 42 alliances", async () => {
    const hits = await retriever.retrieve("江苏有多少产业链党建联盟?", 10);
    expect(hits[0]!.chunk.text).toContain("江苏省累计建立产业链党建联盟(党委)901个");
    expect(hits[0]!.article.title).toBe("党建聚合力 发展增动能");
    expect(hits[0]!.article.author).toBe("沈童睿");
    const guizhou = hits.findIndex((hit) => hit.chunk.text.includes("省工信厅推动建立42个产业链党建联盟"));
    expect(guizhou === -1 || guizhou > 0).toBe(true);
  });

  it("finds the Guizhou department's 42 alliances when asked about it", async () => {
    const hits = await retriever.retrieve("贵州省工信厅推动建立了多少个产业链党建联盟？", 3);
    expect(hits.some((hit) => hit.chunk.text.includes("省工信厅推动建立42个产业链党建联盟"))).toBe(true);
  });

  it("returns chunks with article metadata, offsets into the article, and both ranks", async () => {
    const hits = await retriever.retrieve("长顺县快递进村", 5);
    expect(hits).toHaveLength(5);
    for (const hit of hits) {
      expect(hit.article.text.slice(hit.chunk.start, hit.chunk.end)).toBe(hit.chunk.text);
      expect(hit.article.source).toMatch(/^seeds\/\d{3}_[0-9a-f]+\.txt$/);
      expect(hit.score).toBeGreaterThan(0);
    }
    expect(hits[0]!.article.title).toBe("“党员快递车”开进村");
    expect(hits[0]!.vectorRank).toBeDefined();
    expect(hits[0]!.lexicalRank).toBeDefined();
  });

  it("is deterministic", async () => {
    const first = await retriever.retrieve("省直机关基层党组织有多少个", 8);
    const second = await retriever.retrieve("省直机关基层党组织有多少个", 8);
    expect(second.map((hit) => hit.chunk.chunkId)).toEqual(first.map((hit) => hit.chunk.chunkId));
  });

  it("handles a question with no Chinese words and an empty question without throwing", async () => {
    expect(await retriever.retrieve("???", 5)).toBeInstanceOf(Array);
    expect(await retriever.retrieve("", 5)).toBeInstanceOf(Array);
  });
});

// Real questions across all five pages, with the article that answers them.
const CASES: Array<[string, string]> = [
  ["2025年贵州省制造业数字化转型高级研修班有多少名人才参加？", "000_e0a201f519d5c824-a01"],
  ["贵州新能源汽车产量增长了多少倍？", "000_e0a201f519d5c824-a01"],
  ["贵安新区已经组建了多少支党员项目攻坚队", "001_03a8d35b681066be-a01"],
  ["贵安综合保税区的“三员融合”模式是什么", "001_03a8d35b681066be-a01"],
  ["什么是产业链党建？", "001_03a8d35b681066be-a02"],
  ["六盘水的“警务背包”一共能提供多少项服务？", "001_03a8d35b681066be-a03"],
  ["贵定县的暖心举措呵护了多少名“城市奔跑者”?", "001_03a8d35b681066be-a04"],
  ["七星关区统一战线服务中心主任是谁?", "001_03a8d35b681066be-a05"],
  ["熊明伟4年来共争取了多少资金修建产业路？", "001_03a8d35b681066be-a06"],
  ["长顺县群众每取一件快递，村集体经济能增加多少钱?", "001_03a8d35b681066be-a08"],
  ["省直机关工委常务副书记是谁?", "002_54d2f36e2aadab4b-a01"],
  ["省直机关党员总数峰值是多少名?", "002_54d2f36e2aadab4b-a02"],
  ["省直机关党建定期分析研判机制设置了多少项指标？", "002_54d2f36e2aadab4b-a04"],
  ["省投资促进局通过“党建+营商环境”行动解决了多少个问题", "002_54d2f36e2aadab4b-a06"],
  ["张家港市氢能产业链联合党委是哪一年成立的?", "003_518b5102fb447ec0-a01"],
  ["中央八项规定已经一抓到底多少年了？", "003_518b5102fb447ec0-a02"],
  ["陈昊参与处置了多少起地灾险情？", "003_518b5102fb447ec0-a03"],
  ["呼伦贝尔市组建了几个行业党委?", "003_518b5102fb447ec0-a04"],
  ["兰州石化乙烯改造项目的年产能是多少？", "004_4fe301b4031d4404-a01"],
  ["为什么要纵深推进“三抓三促”行动？", "004_4fe301b4031d4404-a02"],
  ["中国特色社会主义法治之魂是什么？", "004_4fe301b4031d4404-a03"],
  ["农村党员培训可以采用哪些形式？", "004_4fe301b4031d4404-a04"],
];

describe("right article in the top 3", () => {
  it.each(CASES)("%s → %s", async (question, docId) => {
    const articles = [...new Set((await retriever.retrieve(question, 10)).map((hit) => hit.article.docId))];
    expect(articles.slice(0, 3)).toContain(docId);
  });

  it("holds for at least 95% of the eval's answerable standalone questions", async () => {
    const { questions } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
    const answerable = questions.filter((question) => !question.refuse && question.category !== "follow-up");
    let found = 0;
    for (const question of answerable) {
      const articles = [...new Set((await retriever.retrieve(question.question, 10)).map((hit) => hit.article.docId))];
      if (articles.slice(0, 3).includes(question.docId!)) found++;
    }
    expect(answerable.length).toBeGreaterThan(100);
    expect(found / answerable.length).toBeGreaterThanOrEqual(0.95);
  });
});
