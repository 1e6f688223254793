// Stages 3 and 4 on the real corpus: what gather offers (sentences and paragraph windows, back-off
// words for the words the corpus never uses) and why verify accepts or refuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CorpusDictionary } from "../../ingest/lexicons/dictionary.js";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { Answerer } from "./answerer.js";
import { gather } from "./gather.js";
import { normaliseQuestion } from "./normalise.js";
import { plan } from "./plan.js";
import { questionTerms } from "./terms.js";

let corpus: CorpusIndex;
let answerer: Answerer;
let dictionary: CorpusDictionary;
beforeAll(async () => {
  corpus = await buildCorpusIndex();
  answerer = new Answerer({ retriever: corpus.retriever });
  const { index } = corpus;
  dictionary = new CorpusDictionary(index.bm25.words(), (word) => index.bm25.documentFrequency(word));
});
afterAll(() => corpus.cleanup());

const verdicts = async (question: string) => (await answerer.prepare(question)).checked.map((entry) => entry.verdict);

describe("gather", () => {
  it("offers the sentences of the retrieved paragraphs and the paragraph windows around them", async () => {
    const query = plan(normaliseQuestion("贵安新区的重点项目党员攻坚队是怎么开展工作的？"), corpus.index.segmenter)
      .subQueries[0]!;
    const evidence = await gather(query, { retriever: corpus.retriever, dictionary, corpusText: "", topK: 8 });
    const kinds = new Set(evidence.candidates.map((candidate) => candidate.kind));
    expect(kinds).toEqual(new Set(["sentence", "window"]));
    // The paragraph that answers is among them: 临时党支部 … 综合服务平台 … 亮旗帜、亮身份.
    const answering = evidence.candidates.find((candidate) => candidate.text.includes("综合服务平台"));
    expect(answering?.text).toContain("亮旗帜、亮身份");
    const window = evidence.candidates.find((candidate) => candidate.kind === "window");
    expect(window?.text).toMatch(/[。；].+[。；]/);
    for (const candidate of evidence.candidates)
      expect(candidate.article.text.slice(candidate.start, candidate.end)).toBe(candidate.text);
  });

  it("never splits a quotation from its attribution", async () => {
    const query = plan(normaliseQuestion("贵安综合保税区孵化园联合党支部的党建专员是谁？"), corpus.index.segmenter)
      .subQueries[0]!;
    const evidence = await gather(query, { retriever: corpus.retriever, dictionary, corpusText: "", topK: 8 });
    const quoted = evidence.candidates.find((candidate) => candidate.text.includes("盛芙蓉"));
    expect(quoted?.text.startsWith("“自成立以来")).toBe(true);
    expect(quoted?.text.endsWith("联合党支部党建专员盛芙蓉介绍。")).toBe(true);
  });

  it("backs a word the corpus never uses off to the same word typed by sound, and to words of the same sense", () => {
    const terms = questionTerms("研修班有多少名人才参家", corpus.index, dictionary);
    const typo = terms.find((term) => term.word === "参家");
    expect(typo?.unknown).toBe(true);
    expect(typo?.sameWord).toContain("参加");
    expect(dictionary.synonyms("工人")).toContain("职工");
    // A proper name has no synonym: 都匀市 is not 贵定县.
    expect(
      questionTerms("都匀市的爱“新”联盟有多少家商户加入？", corpus.index, dictionary).find(
        (term) => term.word === "都匀市",
      )?.alternatives,
    ).toEqual([]);
  });

  it("reads an English question through CC-CEDICT restricted to the corpus (names by their pinyin)", () => {
    const { terms } = dictionary.lookupEnglish(
      "In Changshun County, how much goes to the village collective economy when a villager picks up a parcel?",
    );
    expect(terms).toEqual(expect.arrayContaining(["长顺县", "集体经济", "村民", "包裹"]));
    expect(dictionary.lookupEnglish("Who won the FIFA World Cup?").unknown).toEqual(expect.arrayContaining(["fifa"]));
  });
});

describe("verify", () => {
  it("accepts the sentence that states the fact for the entity asked about", async () => {
    const [verdict] = await verdicts("贵州省工信厅推动建立了多少个产业链党建联盟？");
    expect(verdict?.kind).toBe("answer");
    expect(verdict?.kind === "answer" && verdict.accepted[0]!.text).toContain("42个");
  });

  it("refuses a place the corpus does not cover (entity guard)", async () => {
    expect(await verdicts("浙江省建立了多少个产业链党建联盟？")).toMatchObject([
      { kind: "refuse", reason: "entity", named: ["浙江"] },
    ]);
  });

  it("refuses a year the source does not state, keeping what it does state (time guard)", async () => {
    const [verdict] = await verdicts("2019年江苏省累计建立了多少个产业链党建联盟？");
    expect(verdict).toMatchObject({ kind: "refuse", reason: "time" });
    expect(verdict?.kind === "refuse" && verdict.stated?.text).toContain("901个");
  });

  it("refuses a national question that only a provincial figure answers (scope guard)", async () => {
    expect(await verdicts("全国新能源汽车产量增长了多少倍？")).toMatchObject([{ kind: "refuse", reason: "scope" }]);
  });

  it("refuses a question whose event never happens in the source (false premise)", async () => {
    expect(await verdicts("张家港市氢能产业链联合党委是哪一年撤销的？")).toMatchObject([
      { kind: "refuse", reason: "premise" },
    ]);
  });

  it("refuses a quantity the source never names (attribute guard) and a role it does not hold", async () => {
    expect(await verdicts("呼伦贝尔市有多少个快递网点？")).toMatchObject([{ kind: "refuse" }]);
    // The corpus names the 常务副书记 of the 省直机关工委, not its 书记.
    expect(await verdicts("省直机关工委书记是谁？")).toMatchObject([{ kind: "refuse" }]);
  });
});
