// Phrase coverage in retrieval: names jieba does not know are cut by their context, so a question
// about "标记地点庚巳翡甲" and an article about "标记地点翡庚巳甲" can hold the same words, and BM25
// alone cannot tell them apart. A page of articles named by every order of four characters shows it.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runIngest } from "../../ingest/pipeline.js";
import { DEFAULT_FUSION, openSearchIndex, phraseCoverage, questionBigrams, Retriever } from "./retriever.js";
import { TEST_EMBEDDER, TEST_HNSW } from "../test-support/corpus-index.js";
import type { SearchIndex } from "../../ingest/search-index.js";

function orders(characters: string[]): string[] {
  if (characters.length <= 1) return [characters.join("")];
  return characters.flatMap((first, i) => orders(characters.filter((_, j) => j !== i)).map((rest) => first + rest));
}

const NAMES = orders(["庚", "巳", "翡", "甲"]).map((order) => `标记地点${order}`);
const count = (i: number) => 1000 + i * 37;

let workDir: string;
let index: SearchIndex;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "phrase-coverage-"));
  const seedsDir = path.join(workDir, "pages");
  const parts = NAMES.flatMap((name, i) => [
    `测试联盟建设情况通报（${i}）`,
    "本报记者 王建国",
    `今年以来，各地推进产业链党建工作。${name}建立了${count(i)}个测试联盟。党组织把支部建在产业链上。`,
  ]);
  await mkdir(seedsDir);
  await writeFile(path.join(seedsDir, "names.txt"), `${parts.join("\n\n")}\n`);
  const indexDir = path.join(workDir, "index");
  await runIngest({ seedsDir, indexDir, embedder: TEST_EMBEDDER, hnsw: TEST_HNSW });
  index = await openSearchIndex(indexDir, TEST_EMBEDDER);
});

afterAll(() => rm(workDir, { recursive: true, force: true }));

async function firstHits(retriever: Retriever): Promise<number> {
  let right = 0;
  for (const [i, name] of NAMES.entries()) {
    const [first] = await retriever.retrieve(`${name}建立了多少个测试联盟？`, 5);
    if (first?.chunk.text.includes(`${name}建立了${count(i)}个`)) right++;
  }
  return right;
}

describe("phrase coverage", () => {
  it("puts the article with the asked name first for every order of its characters", async () => {
    expect(await firstHits(new Retriever(index))).toBe(NAMES.length);
  });

  it("is what tells them apart: without it, words alone rank some other order first", async () => {
    const wordsOnly = await firstHits(new Retriever(index, { ...DEFAULT_FUSION, phraseWeight: 0 }));
    expect(wordsOnly).toBeLessThan(NAMES.length);
  });

  it("counts the share of the question's distinct bigrams found in the text", () => {
    const grams = questionBigrams("翡庚巳甲建立了多少？");
    expect([...grams]).toEqual(["翡庚", "庚巳", "巳甲", "甲建", "建立", "立了", "了多", "多少"]);
    expect(phraseCoverage(grams, "翡庚巳甲建立了42个")).toBe(6 / 8);
    expect(phraseCoverage(grams, "庚巳翡甲建立了42个")).toBe(4 / 8);
    expect(phraseCoverage(new Set(), "任何文字")).toBe(0);
  });
});
