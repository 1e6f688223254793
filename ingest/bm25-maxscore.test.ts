// MaxScore skipping returns what scoring every posting returns: the same documents, the same
// scores, in the same order, on the eval's dev questions over the real seed index, and over a
// larger index made of the seed chunks repeated (where the k-th score is high enough to skip).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readQuestionFile } from "../eval/questions.js";
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
    const documents = index.chunks.map((chunk) => index.segmenter.tokens(embeddingText(index.articleById.get(chunk.docId)!, chunk)));
    // Copies with a word dropped here and there, so scores tie across copies and differ within them.
    const copies = Array.from({ length: 20 }, (_, copy) =>
      documents.map((tokens, i) => tokens.filter((_, position) => (position + i + copy) % 7 !== 0)),
    ).flat();
    const bm25 = Bm25Index.build(copies);
    expect(bm25.size).toBe(documents.length * 20);
    for (const k of [5, 30]) expect(expectSameTopK(bm25, (text) => index.segmenter.tokens(text), k)).toBeGreaterThan(0);
  });

  it("returns the exhaustive top k after documents are added and removed", () => {
    const { bm25, segmenter } = corpus.index;
    const removed = [0, 3, 10].map((i) => ({ index: i, tokens: segmenter.tokens(corpus.index.chunks[i]!.text) }));
    const changed = bm25.withChanges([{ index: corpus.index.chunks.length, tokens: segmenter.tokens("贵州 产业链 党建 联盟") }], removed);
    expect(expectSameTopK(changed, (text) => segmenter.tokens(text), 5)).toBeGreaterThan(0);
  });
});
