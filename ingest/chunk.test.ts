import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { splitArticles, type Article } from "./articles.js";
import { chunkArticle, DEFAULT_CHUNK_OPTIONS, type Chunk, type ChunkOptions } from "./chunk.js";
import { cleanPage } from "./clean.js";
import { sentenceSpans, type Span } from "./text.js";

const SEEDS = new URL("../seeds/", import.meta.url);
const articles = readdirSync(SEEDS)
  .filter((name) => name.endsWith(".txt"))
  .sort()
  .flatMap((file) => splitArticles(cleanPage(readFileSync(new URL(file, SEEDS), "utf8")), file));

const SENTENCE_END = /[。！？；!?;…][”’」』）)》】"']*$/;
const JIANGSU_901 = "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。";

const OPTION_SETS: Array<[string, ChunkOptions]> = [
  ["the default options", DEFAULT_CHUNK_OPTIONS],
  ["short chunks (80 characters)", { maxChars: 80, overlapSentences: 1 }],
  ["no overlap (300 characters)", { maxChars: 300, overlapSentences: 0 }],
];

const overlaps = (left: Span, right: Span) => left.start < right.end && right.start < left.end;
const contains = (outer: Span, inner: Span) => outer.start <= inner.start && inner.end <= outer.end;

describe.each(OPTION_SETS)("chunkArticle invariants on every article, %s", (_label, options) => {
  const chunked: Array<[Article, Chunk[]]> = articles.map((article) => [article, chunkArticle(article, options)]);

  it("chunks all 23 articles", () => {
    expect(chunked).toHaveLength(23);
    for (const [article, chunks] of chunked) expect(chunks.length, article.docId).toBeGreaterThan(0);
  });

  it("quotes the article text exactly at the chunk's offsets", () => {
    for (const [article, chunks] of chunked) {
      for (const chunk of chunks) expect(article.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
  });

  it("keeps every chunk within maxChars and free of edge whitespace", () => {
    for (const [, chunks] of chunked) {
      for (const chunk of chunks) {
        expect(chunk.text.length, chunk.chunkId).toBeLessThanOrEqual(options.maxChars);
        expect(chunk.text.trim(), chunk.chunkId).toBe(chunk.text);
      }
    }
  });

  it("never spans two articles and numbers chunks in order", () => {
    for (const [article, chunks] of chunked) {
      chunks.forEach((chunk, index) => {
        expect(chunk.docId).toBe(article.docId);
        expect(chunk.index).toBe(index);
        expect(chunk.chunkId).toBe(`${article.docId}-c${String(index).padStart(3, "0")}`);
        expect(chunk.end).toBeLessThanOrEqual(article.text.length);
      });
    }
  });

  it("covers every sentence, and every sentence that fits lies whole in one chunk", () => {
    for (const [article, chunks] of chunked) {
      for (const sentence of sentenceSpans(article.text)) {
        const label = `${article.docId}: ${article.text.slice(sentence.start, sentence.end)}`;
        if (sentence.end - sentence.start <= options.maxChars) {
          expect(
            chunks.some((chunk) => contains(chunk, sentence)),
            label,
          ).toBe(true);
        } else {
          for (let offset = sentence.start; offset < sentence.end; offset++) {
            expect(
              chunks.some((chunk) => chunk.start <= offset && offset < chunk.end),
              label,
            ).toBe(true);
          }
        }
      }
    }
  });

  it("overlaps the previous chunk by at most the configured number of sentences", () => {
    for (const [article, chunks] of chunked) {
      const sentences = sentenceSpans(article.text);
      for (let i = 1; i < chunks.length; i++) {
        const previous = chunks[i - 1]!;
        const chunk = chunks[i]!;
        expect(chunk.start, chunk.chunkId).toBeGreaterThan(previous.start);
        const shared = { start: chunk.start, end: Math.max(chunk.start, previous.end) };
        const sharedSentences =
          shared.end > shared.start ? sentences.filter((sentence) => overlaps(sentence, shared)) : [];
        expect(sharedSentences.length, chunk.chunkId).toBeLessThanOrEqual(options.overlapSentences);
      }
    }
  });

  // Once broken: with overlap on, a chunk could hold nothing but the previous chunk's last sentence.
  it("always advances: every chunk ends after the previous one", () => {
    for (const [, chunks] of chunked) {
      for (let i = 1; i < chunks.length; i++) {
        expect(chunks[i]!.end, chunks[i]!.chunkId).toBeGreaterThan(chunks[i - 1]!.end);
      }
    }
  });

  it("ends every chunk at a sentence end or a paragraph end, unless it splits an over-long sentence", () => {
    for (const [article, chunks] of chunked) {
      const longSentences = sentenceSpans(article.text).filter(
        (sentence) => sentence.end - sentence.start > options.maxChars,
      );
      for (const chunk of chunks) {
        const atParagraphEnd = article.paragraphs.some((paragraph) => paragraph.end === chunk.end);
        const insideLongSentence = longSentences.some(
          (sentence) => sentence.start < chunk.end && chunk.end < sentence.end,
        );
        if (atParagraphEnd || insideLongSentence) continue;
        expect(chunk.text, chunk.chunkId).toMatch(SENTENCE_END);
      }
    }
  });
});

describe("chunkArticle on the corpus", () => {
  const corpusChunks = articles.flatMap((article) => chunkArticle(article));

  it("keeps the sentence with the 901 alliances whole in a chunk of the Jiangsu feature", () => {
    const holding = corpusChunks.filter((chunk) => chunk.text.includes(JIANGSU_901));
    expect(holding.length).toBeGreaterThanOrEqual(1);
    expect(holding.every((chunk) => chunk.docId === "003_518b5102fb447ec0-a01")).toBe(true);
  });

  it("gives chunk ids that are unique across the corpus", () => {
    expect(new Set(corpusChunks.map((chunk) => chunk.chunkId)).size).toBe(corpusChunks.length);
    expect(corpusChunks.length).toBeGreaterThan(100);
  });
});

describe("chunkArticle on synthetic articles", () => {
  const article = (text: string): Article => ({
    docId: "t-a01",
    sourceId: "t",
    source: "seeds/t.txt",
    sourceName: "t.txt",
    title: "测试",
    deck: [],
    text,
    paragraphs: [{ kind: "body", start: 0, end: text.length }],
  });

  it("splits an over-long sentence at clause marks", () => {
    const clause = "产业链党建联盟覆盖企业六万七千家";
    const text = `${Array.from({ length: 6 }, () => clause).join("，")}。`;
    const chunks = chunkArticle(article(text), { maxChars: 40, overlapSentences: 1 });
    expect(chunks.map((chunk) => chunk.text)).toEqual([
      `${clause}，${clause}，`,
      `${clause}，${clause}，`,
      `${clause}，${clause}。`,
    ]);
  });

  it("returns no chunks for an article with no text", () => {
    expect(chunkArticle(article(""))).toEqual([]);
  });
});
