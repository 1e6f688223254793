// Offline answers computed on a worker thread are the answers computed inline,
// streamed the same way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlesInScope } from "../retrieval/scope.js";
import { ScopedRetriever } from "../retrieval/scoped-retriever.js";
import { buildCorpusIndex, TEST_EMBEDDER, type CorpusIndex } from "../test-support/corpus-index.js";
import { WorkPool } from "../work-pool.js";
import { Answerer } from "./answerer.js";
import { PooledAnswerer } from "./pooled-answerer.js";
import type { AnswerResult } from "./types.js";

let corpus: CorpusIndex;
let pool: WorkPool;

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  pool = new WorkPool({ threads: 1, maxQueue: 8, budgetMs: 30_000 });
}, 60_000);

afterAll(async () => {
  await pool.close();
  await corpus.cleanup();
});

const withoutTimings = ({ timings: _timings, ...rest }: AnswerResult) => rest;

describe("PooledAnswerer", () => {
  it("answers as the inline answerer does, follow-ups included, and streams the answer as one token", async () => {
    const pooled = new PooledAnswerer({ retriever: corpus.retriever }, pool, TEST_EMBEDDER);
    const inline = new Answerer({ retriever: corpus.retriever });
    const history = [
      { role: "user" as const, content: "江苏有多少产业链党建联盟?" },
      { role: "assistant" as const, content: "901个[1]。" },
    ];
    for (const request of [
      { question: "江苏有多少产业链党建联盟?" },
      { question: "那贵州省工信厅呢？", history },
      { question: "浙江省建立了多少个产业链党建联盟？" },
    ]) {
      const tokens: string[] = [];
      const result = await pooled.answer(request, { onToken: (text) => tokens.push(text) });
      expect(withoutTimings(result)).toEqual(withoutTimings(await inline.answer(request)));
      expect(tokens).toEqual([result.answer]);
    }
  });

  it("answers within a scope as the inline scoped answerer does, from that scope only", async () => {
    const scope = { province: "江苏" };
    const retriever = new ScopedRetriever(corpus.index, articlesInScope(corpus.index.articles, scope));
    const pooled = new PooledAnswerer({ retriever }, pool, TEST_EMBEDDER, scope);
    const request = { question: "有多少产业链党建联盟？" };
    const result = await pooled.answer(request);
    // Unscoped, the question answers 42 (贵州); within 江苏, the 江苏 page's 901.
    expect(result.answer).toContain("901");
    expect(result.citations.every((citation) => citation.docId.startsWith("003_"))).toBe(true);
    expect(withoutTimings(result)).toEqual(withoutTimings(await new Answerer({ retriever }).answer(request)));
  });

  it("stops with cancelled when the request is aborted", async () => {
    const pooled = new PooledAnswerer({ retriever: corpus.retriever }, pool, TEST_EMBEDDER);
    const controller = new AbortController();
    controller.abort();
    await expect(
      pooled.answer({ question: "江苏有多少产业链党建联盟?", signal: controller.signal }),
    ).rejects.toMatchObject({ code: "cancelled" });
  });
});
