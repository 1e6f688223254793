// LOCAL_VECTOR_LIMIT: a full build over more chunks than the limit leaves the local embedder's
// vectors out. The seeds (225 chunks) under a limit of 100: the manifest says so, the graph is
// empty, retrieval is BM25 with phrase coverage and still answers, and an upload is searchable at
// once without vectors, also after a reload from disk. Under a limit above 225 the graph is whole.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Answerer } from "../server/answer/answerer.js";
import { Retriever } from "../server/retrieval/retriever.js";
import { TEST_EMBEDDER, TEST_HNSW } from "../server/test-support/corpus-index.js";
import { PROJECT_ROOT } from "../server/config.js";
import { buildsVectors } from "./embed.js";
import { runIngest } from "./pipeline.js";
import { openSearchIndex } from "./search-index.js";
import { LocalCorpusStore } from "./store-local.js";

const LEXICAL = { ...TEST_EMBEDDER, vectorLimit: 100 };
const seedsDir = path.join(PROJECT_ROOT, "seeds");
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "vector-limit-"));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

describe("an index built over more chunks than LOCAL_VECTOR_LIMIT", () => {
  let store: LocalCorpusStore;
  const indexDir = () => path.join(workDir, "lexical", "index");

  beforeAll(async () => {
    await runIngest({ seedsDir, indexDir: indexDir(), embedder: LEXICAL, hnsw: TEST_HNSW });
    store = new LocalCorpusStore({ indexDir: indexDir(), dataDir: path.join(workDir, "lexical"), embedder: LEXICAL });
    await store.open();
  });
  afterAll(() => store.close());

  it("records that it has no vectors, and its graph holds no points", () => {
    const index = store.current();
    expect(index.manifest.counts.chunks).toBe(225);
    expect(index.manifest.vectors).toBe(false);
    expect(index.vectorStore.index.getCurrentCount()).toBe(0);
  });

  it("retrieves by BM25 alone and still answers with the cited figure", async () => {
    const retriever = new Retriever(store.current());
    expect(await retriever.vectorSearch("江苏有多少产业链党建联盟?")).toEqual([]);
    const hits = await retriever.retrieve("江苏有多少产业链党建联盟?", 5);
    expect(hits[0]!.chunk.text).toContain("江苏省累计建立产业链党建联盟(党委)901个");
    expect(hits.every((hit) => hit.vectorRank === undefined && hit.lexicalRank !== undefined)).toBe(true);
    const result = await new Answerer({ retriever }).answer({ question: "江苏有多少产业链党建联盟?" });
    expect(result.answer).toContain("901");
  });

  it("makes an upload searchable at once without vectors, and after a reload from disk", async () => {
    const page =
      "铜仁玉屏侗族自治县建立油茶产业链党建联盟\n\n本报记者 李明\n\n玉屏县组建油茶产业链党建联盟，吸纳37家企业党组织加入，带动茶农增收。\n";
    await store.add([{ name: "玉屏油茶.txt", bytes: Buffer.from(page) }]);
    for (const index of [store.current(), await openSearchIndex(indexDir(), LEXICAL)]) {
      expect(index.vectorStore.index.getCurrentCount()).toBe(0);
      const hits = await new Retriever(index).retrieve("玉屏县油茶产业链党建联盟吸纳了多少家企业党组织？", 3);
      expect(hits[0]!.chunk.text).toContain("吸纳37家企业党组织");
    }
  });
});

describe("the limit", () => {
  it("keeps the vectors at or below it, and always for a model's embeddings", async () => {
    const indexDir = path.join(workDir, "hybrid", "index");
    await runIngest({ seedsDir, indexDir, embedder: { ...TEST_EMBEDDER, vectorLimit: 225 }, hnsw: TEST_HNSW });
    const index = await openSearchIndex(indexDir, TEST_EMBEDDER);
    expect(index.manifest.vectors).toBe(true);
    expect(index.vectorStore.index.getCurrentCount()).toBe(225);
    expect(buildsVectors({ kind: "openai", apiKey: "k", model: "m" }, 10_000_000)).toBe(true);
    expect(buildsVectors(TEST_EMBEDDER, 10_000_000)).toBe(true);
  });
});
