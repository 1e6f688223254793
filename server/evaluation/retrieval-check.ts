// 检索测试, the retrieval check: for one question, what the answerer searched
// for, the ranked passages each search returned with their BM25, vector and
// fused scores and ranks, the plan the answerer made (when its result carries
// one), and the passages it finally cited. The answerer runs over a retriever
// that records its queries, so the queries shown are the ones it really made.
// Offline, with a worker pool, the whole check runs on a worker
// (retrieval-check-task.ts), like any offline answer.
import type { Answerer } from "../answer/answerer.js";
import type { Citation } from "../answer/types.js";
import type { RetrievalCheckResponseBody, RetrievalPlan, RetrievedPassage } from "../protocol.js";
import type { RetrievedChunk, Retriever, SearchIndex } from "../retrieval/retriever.js";
import { articlesInScope, checkScopeAgainstIndex, type Scope } from "../retrieval/scope.js";
import { ScopedRetriever } from "../retrieval/scoped-retriever.js";

/** Passages shown per query: deeper than the answerer's own top 8, to see what just missed. */
export const CHECK_DEPTH = 20;

class RecordingRetriever extends ScopedRetriever {
  readonly queries: string[] = [];

  override retrieve(question: string, k?: number): Promise<RetrievedChunk[]> {
    if (!this.queries.includes(question)) this.queries.push(question);
    return super.retrieve(question, k);
  }
}

function passage(hit: RetrievedChunk, rank: number, evidence: Citation[]): RetrievedPassage {
  const { chunk, article } = hit;
  const cited = evidence
    .filter((c) => c.docId === chunk.docId && c.start < chunk.end && chunk.start < c.end)
    .map((c) => c.n);
  return {
    rank,
    chunkId: chunk.chunkId,
    docId: article.docId,
    title: article.title,
    source: article.source,
    sourceName: article.sourceName,
    text: chunk.text,
    start: chunk.start,
    end: chunk.end,
    fused: { score: hit.score, rank },
    bm25: hit.lexicalRank === undefined ? null : { score: hit.lexicalScore ?? 0, rank: hit.lexicalRank },
    vector: hit.vectorRank === undefined ? null : { similarity: hit.vectorSimilarity ?? 0, rank: hit.vectorRank },
    cited,
  };
}

/** `answererOver` builds the answerer (as the assistant's, model included if any) over the recording retriever. */
export async function checkRetrieval(
  index: SearchIndex,
  answererOver: (retriever: Retriever) => Answerer,
  question: string,
  scope: Scope | undefined,
  signal?: AbortSignal,
): Promise<RetrievalCheckResponseBody> {
  checkScopeAgainstIndex(scope, index.articles);
  const retriever = new RecordingRetriever(index, articlesInScope(index.articles, scope ?? {}));
  const started = performance.now();
  const result = await answererOver(retriever).answer({ question, signal });
  const answerMs = performance.now() - started;
  const plan: RetrievalPlan | undefined = result.plan && {
    intent: result.plan.intent,
    slots: { ...result.plan.slots },
    subQueries: result.plan.subQueries.map((query) => query.text),
  };
  const asked = [...retriever.queries];
  const queries = [];
  for (const query of asked.length > 0 ? asked : [question]) {
    const hits = await retriever.retrieve(query, CHECK_DEPTH);
    queries.push({ query, passages: hits.map((hit, i) => passage(hit, i + 1, result.citations)) });
  }
  return {
    question,
    ...(result.rewritten ? { rewritten: result.rewritten } : {}),
    ...(scope ? { scope } : {}),
    ...(plan ? { plan } : {}),
    queries,
    evidence: result.citations,
    answer: { text: result.answer, refused: result.refused, coverage: result.coverage, mode: result.mode },
    timings: { answerMs: Math.round(answerMs * 10) / 10 },
  };
}
