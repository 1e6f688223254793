import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { splitArticles } from "./articles.js";
import { cleanPage } from "./clean.js";
import { charBigrams, isStopword, Segmenter, TAG_LIMIT } from "./segment.js";
import { buildUserDictionary, readDomainTerms } from "./user-dict.js";

const SEEDS = new URL("../seeds/", import.meta.url);
const articles = readdirSync(SEEDS)
  .filter((name) => name.endsWith(".txt"))
  .sort()
  .flatMap((file) => splitArticles(cleanPage(readFileSync(new URL(file, SEEDS), "utf8")), file));
const userDictionary = buildUserDictionary(articles);
const corpusSegmenter = new Segmenter(userDictionary);
const stockSegmenter = new Segmenter();

const DOMAIN_WORDS = ["贵安新区", "张家港市", "产业链党建", "黔进先锋", "专精特新"];

describe("Segmenter.cut with the corpus user dictionary", () => {
  it.each(DOMAIN_WORDS)("keeps %s whole", (word) => {
    expect(corpusSegmenter.cut(word)).toEqual([word]);
  });

  it("keeps domain words whole inside real sentences", () => {
    const cases: Array<[string, string]> = [
      ["贵安新区的答案在“链”上", "贵安新区"],
      ["张家港市有20多家氢能企业", "张家港市"],
      ["要积极探索“产业链党建”，推动党建工作与产业链发展深度融合", "产业链党建"],
      ["坚持以“黔进先锋·贵在行动”为总载体", "黔进先锋"],
      ["提供技术创新、融资对接等支持，培育243家专精特新企业。", "专精特新"],
    ];
    for (const [sentence, word] of cases) expect(corpusSegmenter.cut(sentence), sentence).toContain(word);
  });

  it("keeps the text: the cut words put together give the input back", () => {
    const sentence = "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中。";
    expect(corpusSegmenter.cut(sentence).join("")).toBe(sentence);
  });

  it("differs from the stock segmenter, which splits 贵安新区 and 黔进先锋", () => {
    expect(stockSegmenter.cut("贵安新区")).not.toContain("贵安新区");
    expect(stockSegmenter.cut("贵安新区").join("")).toBe("贵安新区");
    expect(stockSegmenter.cut("黔进先锋")).not.toContain("黔进先锋");
  });
});

describe("buildUserDictionary", () => {
  const entries = new Map(
    userDictionary
      .trim()
      .split("\n")
      .map((line) => [line.split(" ")[0]!, line]),
  );

  it("writes one `word frequency tag` line per word", () => {
    for (const line of entries.values()) expect(line).toMatch(/^\S+ \d+ [a-z]+$/);
    expect(entries.get("贵安新区")).toBe("贵安新区 2000 ns");
  });

  it("holds the curated domain terms, quoted terms from the corpus, and by-line names", () => {
    for (const { word } of readDomainTerms()) expect(entries.has(word), word).toBe(true);
    expect(entries.get("红链先锋")).toBe("红链先锋 2000 nz");
    expect(entries.get("双带五引")).toBe("双带五引 2000 nz");
    expect(entries.get("沈童睿")).toBe("沈童睿 2000 nr");
    expect(entries.get("张良胜")).toBe("张良胜 2000 nr");
  });
});

describe("Segmenter.tokens", () => {
  it("folds full-width and half-width forms to the same tokens", () => {
    expect(corpusSegmenter.tokens("（党委）901个")).toEqual(corpusSegmenter.tokens("(党委)901个"));
    expect(corpusSegmenter.tokens("（党委）901个")).toEqual(["党委", "901"]);
    expect(corpusSegmenter.tokens("ＡＢＣ１２３")).toEqual(corpusSegmenter.tokens("abc123"));
  });

  it("keeps decimals whole", () => {
    const tokens = corpusSegmenter.tokens("3.61万个基层党组织纳入其中");
    expect(tokens).toContain("3.61");
    expect(tokens).not.toContain("3");
    expect(tokens).not.toContain("61");
    expect(corpusSegmenter.tokens("增长9.6%、15.7%")).toEqual(["增长", "9.6%", "15.7%"]);
  });

  it("drops stopwords and punctuation", () => {
    expect(corpusSegmenter.tokens("的，。！？、“”《》")).toEqual([]);
    const tokens = corpusSegmenter.tokens("江苏有多少产业链党建联盟？");
    expect(tokens).toEqual(["江苏", "产业", "党建", "产业链", "产业链党建", "联盟"]);
    expect(tokens.filter(isStopword)).toEqual([]);
  });

  it("emits the parts of long words in search mode", () => {
    expect(corpusSegmenter.tokens("产业链党建")).toEqual(expect.arrayContaining(["产业链", "党建", "产业链党建"]));
  });

  it("returns nothing for empty or blank text", () => {
    expect(corpusSegmenter.tokens("")).toEqual([]);
    expect(corpusSegmenter.tokens(" \n\u3000")).toEqual([]);
  });
});

describe("charBigrams", () => {
  it("gives the overlapping bigrams of a CJK run", () => {
    expect(charBigrams("产业链")).toEqual(["产业", "业链"]);
  });

  it("keeps single characters and number runs, folding full-width forms", () => {
    expect(charBigrams("党")).toEqual(["党"]);
    expect(charBigrams("（党委）９０１个")).toEqual(["党委", "901", "个"]);
  });
});

describe("tagging input cap", () => {
  it("tags a question whole and reads no more than TAG_LIMIT characters of a long text", () => {
    expect(
      stockSegmenter
        .tag("江苏有多少产业链党建联盟")
        .map((word) => word.word)
        .join(""),
    ).toBe("江苏有多少产业链党建联盟");
    const long = "贵州".repeat(TAG_LIMIT);
    expect(
      stockSegmenter
        .tag(long)
        .map((word) => word.word)
        .join(""),
    ).toBe(long.slice(0, TAG_LIMIT));
  });
});
