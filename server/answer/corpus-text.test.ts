// CorpusText answers as a scan of the joined titles and texts does, for words that are there
// (any substring of the seed articles) and words that are not (pieces of two articles glued).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { CorpusText } from "./corpus-text.js";

let corpus: CorpusIndex;
beforeAll(async () => {
  corpus = await buildCorpusIndex();
}, 60_000);
afterAll(() => corpus.cleanup());

describe("CorpusText", () => {
  it("finds every string the joined corpus text holds, and nothing it does not", () => {
    const { articles } = corpus.index;
    const joined = articles.map((article) => `${article.title}${article.text}`).join("\n");
    const text = new CorpusText(articles);
    const words: string[] = [];
    articles.forEach((article, i) => {
      const other = articles[(i + 7) % articles.length]!;
      for (let at = 0; at < article.text.length; at += 97) {
        for (const length of [1, 2, 3, 5]) words.push(article.text.slice(at, at + length));
        // The end of one article's sentence glued to the start of another's: mostly not in the corpus.
        words.push(article.text.slice(at, at + 2) + other.text.slice(at, at + 2));
      }
      words.push(article.title.slice(-2) + article.text.slice(0, 2)); // across the title and the text
    });
    words.push("参家", "毕节市", "陈浩", "constructor", "😀");
    let absent = 0;
    for (const word of words) {
      expect(text.includes(word), word).toBe(joined.includes(word));
      if (!joined.includes(word)) absent++;
    }
    expect(absent).toBeGreaterThan(100);
  });

  it("stays exact for each list when a change adds articles (older lists too) or removes one", () => {
    const page = (title: string, text: string) => ({ title, text });
    const [a, b, c, d] = [page("甲乙", "丙丁戊"), page("己", "庚辛"), page("壬癸", "子丑寅"), page("卯", "辰巳")];
    const exactFor = (articles: Array<{ title: string; text: string }>) => {
      const joined = articles.map(({ title, text }) => `${title}${text}`);
      return (word: string) => joined.some((text) => text.includes(word));
    };
    const words = ["甲", "庚", "子", "辰", "乙丙", "己庚", "癸子", "卯辰", "巳", "辛壬", "丑寅", "戊己", "午"];
    const check = (articles: Array<{ title: string; text: string }>, text: CorpusText) => {
      const expected = exactFor(articles);
      for (const word of words) expect(text.includes(word), `${word} in ${articles.length}`).toBe(expected(word));
    };
    const before = [a!, b!];
    const older = new CorpusText(before);
    const added = [a!, b!, c!, d!]; // an upload: the same objects first, new ones after
    const newer = new CorpusText(added);
    check(before, older); // the older list does not see the newer articles' characters
    check(added, newer);
    const removed = [a!, c!, d!]; // b's page deleted
    check(removed, new CorpusText(removed));
    check(added, newer);
  });
});
