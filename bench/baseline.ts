// A plain LangChain retrieval pipeline from stock parts, run on the same
// articles and questions as ours so the README can show ratios:
// RecursiveCharacterTextSplitter → the same local hash embedder (fitted on the
// baseline's own chunks) → HNSWLib (LangChain defaults, hnswlib's default ef)
// + BM25Retriever (its stock whitespace tokenizer) → EnsembleRetriever (RRF, equal weights).
// In LangChain v1 EnsembleRetriever lives in @langchain/classic (not `langchain`).
import { EnsembleRetriever } from "@langchain/classic/retrievers/ensemble";
import { BM25Retriever } from "@langchain/community/retrievers/bm25";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { EvalQuestion } from "../server/evaluation/questions.js";
import { LocalHashEmbeddings } from "../ingest/embed.js";
import { Segmenter } from "../ingest/segment.js";
import type { Retriever, SearchIndex } from "../server/retrieval/retriever.js";
import { percentiles } from "./stats.js";

const K = 5;

export interface BaselineResult {
  chunks: number;
  buildMs: number;
  baseline: { recallAt5: number; retrieveMs: ReturnType<typeof percentiles> };
  ours: { recallAt5: number; retrieveMs: ReturnType<typeof percentiles> };
  /** ours ÷ baseline */
  ratios: { recallAt5: number; retrieveP50: number; retrieveP95: number };
}

export async function runBaseline(
  index: SearchIndex,
  ours: Retriever,
  questions: EvalQuestion[],
): Promise<BaselineResult> {
  const buildStart = performance.now();
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 200, chunkOverlap: 40 });
  const documents = await splitter.splitDocuments(
    index.articles.map(
      (article) =>
        new Document({ pageContent: `${article.title}\n${article.text}`, metadata: { docId: article.docId } }),
    ),
  );
  const embeddings = new LocalHashEmbeddings(new Segmenter(), index.manifest.embedder.dimensions);
  embeddings.fit(documents.map((document) => document.pageContent));
  const vectorStore = await HNSWLib.fromDocuments(documents, embeddings);
  const ensemble = new EnsembleRetriever({
    retrievers: [vectorStore.asRetriever(K), BM25Retriever.fromDocuments(documents, { k: K })],
    weights: [0.5, 0.5],
  });
  const buildMs = Math.round(performance.now() - buildStart);

  const measure = async (search: (question: string) => Promise<string[]>) => {
    for (const question of questions.slice(0, 10)) await search(question.question); // warm-up
    const times: number[] = [];
    let found = 0;
    for (const question of questions) {
      const started = performance.now();
      const docIds = await search(question.question);
      times.push(performance.now() - started);
      if (docIds.includes(question.docId!)) found++;
    }
    return { recallAt5: found / Math.max(1, questions.length), retrieveMs: percentiles(times) };
  };
  const baseline = await measure(async (question) =>
    (await ensemble.invoke(question)).slice(0, K).map((document) => String(document.metadata.docId)),
  );
  const ourResult = await measure(async (question) =>
    (await ours.retrieve(question, K)).map((hit) => hit.article.docId),
  );
  const ratio = (left: number, right: number) => Math.round((left / right) * 100) / 100;
  return {
    chunks: documents.length,
    buildMs,
    baseline,
    ours: ourResult,
    ratios: {
      recallAt5: ratio(ourResult.recallAt5, baseline.recallAt5),
      retrieveP50: ratio(ourResult.retrieveMs.p50, baseline.retrieveMs.p50),
      retrieveP95: ratio(ourResult.retrieveMs.p95, baseline.retrieveMs.p95),
    },
  };
}
