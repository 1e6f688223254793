// MaxScore skipping returns what scoring every posting returns: the same documents, the same
// scores, in the same order, on the eval's dev questions over the real seed index, and over a
// larger index made of the seed chunks repeated (where the k-th score is high enough to skip).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readQuestionFile } from "../server/evaluation/questions.js";
import { PROJECT_ROOT } from "../server/config.js";
import { buildCorpusIndex, type CorpusIndex } from "../server/test-support/corpus-index.js";
import { Bm25Index } from "./bm25.js";
import { embeddingText } from "./prepare.js";

let corpus: CorpusIndex;
let questions: string[];

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  const all = (await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"))).questions;
  questions = all.filter((question) => question.split === "dev").map((question) => question.question);
}, 60_000);

afterAll(async () => {
  await corpus.cleanup();
});

function expectSameTopK(bm25: Bm25Index, tokenize: (text: string) => string[], k: number): number {
  let compared = 0;
  for (const question of questions) {
    const tokens = tokenize(question);
    const exhaustive = bm25.searchExhaustive(tokens, k);
    expect(bm25.search(tokens, k), question).toEqual(exhaustive);
    compared += exhaustive.length;
  }
  return compared;
}

describe("Bm25Index.search (MaxScore)", () => {
  it("returns the exhaustive top k on the dev questions over the seed index", () => {
    const { bm25, segmenter } = corpus.index;
    for (const k of [1, 5, 30]) expect(expectSameTopK(bm25, (text) => segmenter.tokens(text), k)).toBeGreaterThan(0);
  });

  it("returns the exhaustive top k over twenty copies of the seed chunks (ties everywhere)", () => {
    const { index } = corpus;
    const documents = index.chunks.map((chunk) =>
      index.segmenter.tokens(embeddingText(index.articleById.get(chunk.docId)!, chunk)),
    );
    // Copies with a word dropped here and there, so scores tie across copies and differ within them.
    const copies = Array.from({ length: 20 }, (_, copy) =>
      documents.map((tokens, i) => tokens.filter((_, position) => (position + i + copy) % 7 !== 0)),
    ).flat();
    const bm25 = Bm25Index.build(copies);
    expect(bm25.size).toBe(documents.length * 20);
    for (const k of [5, 30]) expect(expectSameTopK(bm25, (text) => index.segmenter.tokens(text), k)).toBeGreaterThan(0);
  });

  it("returns the exhaustive top k on 400 random queries over 30,000 random documents (long lists, skipped windows)", () => {
    // Zipf-like word frequencies (word w drawn with weight 1 / (w + 1)) and short, varied lengths: a few words
    // in most documents, most words in few, as in the synthetic 1000× corpus where the block-max windows skip.
    let state = 7;
    const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const vocabulary = 2000;
    const weights = Array.from({ length: vocabulary }, (_, w) => 1 / (w + 1));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const word = () => {
      let pick = random() * total;
      for (let w = 0; w < vocabulary; w++) if ((pick -= weights[w]!) <= 0) return `w${w}`;
      return `w${vocabulary - 1}`;
    };
    const documents = Array.from({ length: 30_000 }, () => Array.from({ length: 3 + Math.floor(random() * 40) }, word));
    const bm25 = Bm25Index.build(documents);
    for (let query = 0; query < 400; query++) {
      const tokens = Array.from({ length: 1 + Math.floor(random() * 9) }, word);
      for (const k of [1, 10, 30])
        expect(bm25.search(tokens, k), tokens.join(" ")).toEqual(bm25.searchExhaustive(tokens, k));
      // A scope (one province's or source's chunks) filters while searching: still the exhaustive top k of those.
      const inScope = (document: number) => document % 5 === query % 5;
      const scoped = bm25.search(tokens, 10, inScope);
      expect(scoped, `${tokens.join(" ")} (scoped)`).toEqual(bm25.searchExhaustive(tokens, 10, inScope));
      expect(scoped.every((hit) => inScope(hit.index))).toBe(true);
    }
  });

  it("returns the exhaustive top k after documents are added and removed", () => {
    const { bm25, segmenter } = corpus.index;
    const removed = [0, 3, 10].map((i) => ({ index: i, tokens: segmenter.tokens(corpus.index.chunks[i]!.text) }));
    const changed = bm25.withChanges(
      [{ index: corpus.index.chunks.length, tokens: segmenter.tokens("贵州 产业链 党建 联盟") }],
      removed,
    );
    expect(expectSameTopK(changed, (text) => segmenter.tokens(text), 5)).toBeGreaterThan(0);
  });
});
