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
});
