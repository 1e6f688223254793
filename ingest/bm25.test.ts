import { describe, expect, it } from "vitest";
import { Bm25Index } from "./bm25.js";

// Four tiny "documents", already segmented. Average length 13 / 4 = 3.25.
const DOCUMENTS = [
  ["党建", "产业", "联盟"],
  ["党建", "党建", "工业"],
  ["党建", "乡村", "振兴", "法治"],
  ["产业", "工业", "创新"],
];

const index = Bm25Index.build(DOCUMENTS);
const ranking = (bm25: Bm25Index, query: string[], k = 10) => bm25.search(query, k).map((hit) => hit.index);

describe("Bm25Index.search", () => {
  it("scores a rare word with the Okapi formula (k1 = 1.2, b = 0.75)", () => {
    const idf = Math.log(1 + (4 - 1 + 0.5) / (1 + 0.5));
    const lengthNorm = 1 - 0.75 + (0.75 * 4) / 3.25;
    const [hit, ...rest] = index.search(["法治"], 10);
    expect(rest).toEqual([]);
    expect(hit!.index).toBe(2);
    expect(hit!.score).toBeCloseTo((idf * 2.2) / (1 + 1.2 * lengthNorm), 12);
  });

  it("ranks the document holding the rare query word first", () => {
    expect(ranking(index, ["党建", "法治"])).toEqual([2, 1, 0]);
    expect(ranking(index, ["创新", "工业"])).toEqual([3, 1]);
  });

  it("ranks by term frequency, then by shorter length, for a common word", () => {
    expect(ranking(index, ["党建"])).toEqual([1, 0, 2]);
  });

  it("counts a repeated query word once", () => {
    expect(index.search(["法治", "法治", "法治"], 10)).toEqual(index.search(["法治"], 10));
  });

  it("returns at most k hits, best first", () => {
    const hits = index.search(["党建", "产业", "工业"], 2);
    expect(hits).toHaveLength(2);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
  });

  it("breaks ties by document order", () => {
    const tied = Bm25Index.build([
      ["甲", "乙"],
      ["甲", "乙"],
      ["丙", "丁"],
    ]);
    expect(ranking(tied, ["甲"])).toEqual([0, 1]);
  });

  it("returns nothing for unknown words, an empty query or an empty index", () => {
    expect(index.search(["浙江"], 5)).toEqual([]);
    expect(index.search([], 5)).toEqual([]);
    const empty = Bm25Index.build([]);
    expect(empty.size).toBe(0);
    expect(empty.search(["党建"], 5)).toEqual([]);
  });
});

describe("Bm25Index.documentsWithAll", () => {
  it("lists the documents holding every word, ascending, at most the limit", () => {
    expect(index.documentsWithAll(["党建"], 10)).toEqual([0, 1, 2]);
    expect(index.documentsWithAll(["党建", "工业"], 10)).toEqual([1]);
    expect(index.documentsWithAll(["产业", "党建", "产业"], 10)).toEqual([0]);
    expect(index.documentsWithAll(["党建"], 2)).toEqual([0, 1]);
    expect(index.documentsWithAll(["党建", "没有的词"], 10)).toEqual([]);
  });

  it("agrees with filtering every document, over a thousand random ones", () => {
    let state = 3;
    const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const documents = Array.from({ length: 1000 }, () =>
      Array.from({ length: 8 }, () => `w${Math.floor(random() ** 2 * 30)}`),
    );
    const bm25 = Bm25Index.build(documents);
    for (let query = 0; query < 200; query++) {
      const words = Array.from({ length: 1 + (query % 4) }, () => `w${Math.floor(random() * 30)}`);
      const expected = documents.flatMap((tokens, i) => (words.every((word) => tokens.includes(word)) ? [i] : []));
      expect(bm25.documentsWithAll(words, 50), words.join(" ")).toEqual(expected.slice(0, 50));
    }
  });
});

describe("Bm25Index.words", () => {
  it("lists the words documents hold, with added ones and without those whose last document was removed", () => {
    expect(index.words().sort()).toEqual(["乡村", "产业", "党建", "创新", "工业", "振兴", "法治", "联盟"].sort());
    const changed = index.withChanges([{ index: 4, tokens: ["数字", "党建"] }], [{ index: 2, tokens: DOCUMENTS[2]! }]);
    expect(changed.words().sort()).toEqual(["产业", "党建", "创新", "工业", "数字", "联盟"].sort());
    expect(index.words()).toHaveLength(8);
  });
});

describe("Bm25Index.withChanges", () => {
  it("holds the postings a fresh build of the remaining documents holds, after adds and removals", () => {
    // Random documents over a small vocabulary, so words have long lists; pages of several chunks added,
    // then some of the first documents and some added ones removed.
    let state = 11;
    const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const word = () => `w${Math.floor(random() * random() * 40)}`;
    const documents = Array.from({ length: 3000 }, () => Array.from({ length: 2 + Math.floor(random() * 12) }, word));
    let index = Bm25Index.build(documents);
    for (let page = 0; page < 3; page++) {
      const chunks = Array.from({ length: 8 }, () => Array.from({ length: 3 + Math.floor(random() * 10) }, word));
      index = index.withChanges(
        chunks.map((tokens, i) => ({ index: documents.length + i, tokens })),
        [],
      );
      documents.push(...chunks);
    }
    const removed = [0, 7, 1500, 2999, 3003, 3017, 3023].map((i) => ({ index: i, tokens: documents[i]! }));
    index = index.withChanges([], removed);
    for (const { index: gone } of removed) documents[gone] = [];
    const fresh = Bm25Index.build(documents).toTables();
    const changed = index.toTables();
    const postings = (tables: typeof fresh) =>
      new Map(
        tables.terms.map((term, i) => {
          const [start, end] = [tables.termStarts[i]!, tables.termStarts[i + 1]!];
          return [term, [...tables.documents.subarray(start, end)].map((d, j) => [d, tables.frequencies[start + j]])];
        }),
      );
    expect(postings(changed)).toEqual(postings(fresh));
    expect([...changed.documentLengths]).toEqual([...fresh.documentLengths]);
    expect(index.size).toBe(documents.length - removed.length);
  });
});

describe("Bm25Index after many uploads (postings in segments)", () => {
  it("searches, counts and intersects as a fresh build of the same documents does", () => {
    // A long base and 60 small pages: each word's postings become segments, merged as they grow
    // (bm25-segments.ts); then removals in the base, in merged segments and in the last page.
    let state = 29;
    const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const word = () => `w${Math.floor(random() * random() * 60)}`;
    const text = (length: number) => Array.from({ length }, word);
    const documents = Array.from({ length: 2000 }, () => text(2 + Math.floor(random() * 12)));
    let index = Bm25Index.build(documents);
    for (let page = 0; page < 60; page++) {
      const chunks = Array.from({ length: 1 + Math.floor(random() * 8) }, () => text(3 + Math.floor(random() * 10)));
      index = index.withChanges(
        chunks.map((tokens, i) => ({ index: documents.length + i, tokens })),
        [],
      );
      documents.push(...chunks);
    }
    const last = documents.length - 1;
    const removed = [1, 999, 2000, 2003, 2100, last].map((i) => ({ index: i, tokens: documents[i]! }));
    index = index.withChanges([], removed);
    for (const { index: gone } of removed) documents[gone] = [];
    // A fresh build of the same documents, the removed ones empty and not counted as searchable.
    const fresh = Bm25Index.fromTables({
      ...Bm25Index.build(documents).toTables(),
      liveDocuments: documents.length - removed.length,
    });
    const vocabulary = [...new Set(documents.flat())].sort();
    expect([...index.words()].sort()).toEqual(vocabulary);
    for (const term of vocabulary) expect(index.documentFrequency(term), term).toBe(fresh.documentFrequency(term));
    for (let query = 0; query < 200; query++) {
      const tokens = text(1 + Math.floor(random() * 6));
      const inScope = (document: number) => document % 3 !== query % 3;
      expect(index.search(tokens, 10), tokens.join(" ")).toEqual(fresh.search(tokens, 10));
      expect(index.search(tokens, 10, inScope)).toEqual(fresh.searchExhaustive(tokens, 10, inScope));
      expect(index.searchExhaustive(tokens, 30)).toEqual(fresh.searchExhaustive(tokens, 30));
      expect(index.documentsWithAll(tokens.slice(0, 2), 50)).toEqual(fresh.documentsWithAll(tokens.slice(0, 2), 50));
    }
    const saved = index.toTables();
    expect(Bm25Index.fromTables(saved).search(["w1", "w2", "w30"], 20)).toEqual(fresh.search(["w1", "w2", "w30"], 20));
  });
});

describe("Bm25Index serialisation", () => {
  const reloaded = Bm25Index.fromTables(index.toTables());

  it("keeps parameters, lengths and postings", () => {
    const tables = index.toTables();
    expect(tables).toMatchObject({ k1: 1.2, b: 0.75, documentLengths: Uint32Array.from([3, 3, 4, 3]) });
    const word = tables.terms.indexOf("党建");
    const [start, end] = [tables.termStarts[word]!, tables.termStarts[word + 1]!];
    expect(Array.from(tables.documents.subarray(start, end))).toEqual([0, 1, 2]);
    expect(Array.from(tables.frequencies.subarray(start, end))).toEqual([1, 2, 1]);
    expect(reloaded.size).toBe(4);
  });

  it("gives identical results after a toTables → fromTables round trip", () => {
    for (const query of [["法治"], ["党建", "法治"], ["党建"], ["创新", "工业"], ["产业", "联盟", "乡村"]]) {
      expect(reloaded.search(query, 10), query.join(" ")).toEqual(index.search(query, 10));
    }
  });

  it("treats words that name Object.prototype members like any unknown word before saving", () => {
    expect(index.search(["constructor"], 5)).toEqual([]);
  });

  // Regression (fixed): Bm25Index.search (bm25.ts) reads `postings[token]` on the object JSON.parse returns, so the
  // query word "constructor" finds Object.prototype.constructor and throws "list is not iterable".
  // The index is always loaded that way (store.ts loadIndex → lexical.json), so a question containing
  // the English word "constructor" crashes lexical search. Expected: [] (as before saving).
  it("treats words that name Object.prototype members like any unknown word after loading", () => {
    expect(reloaded.search(["constructor"], 5)).toEqual([]);
    expect(reloaded.search(["法治", "constructor"], 5)).toEqual(index.search(["法治"], 5));
  });
});
