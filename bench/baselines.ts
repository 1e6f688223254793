// Stock retrieval engines run on the same corpus and questions as ours, so the
// README can show ratios (1× and 100×, in the same run as everything else):
// - LangChain from stock parts: RecursiveCharacterTextSplitter → the same local
//   hash embedder (fitted on the baseline's own chunks) → HNSWLib (LangChain
//   defaults, hnswlib's default ef) + BM25Retriever (its stock whitespace
//   tokenizer) → EnsembleRetriever (RRF, equal weights). In LangChain v1
//   EnsembleRetriever lives in @langchain/classic (not `langchain`).
// - Orama (@orama/orama): a full-text + vector engine in one, given our chunks, our
//   jieba tokenizer and our embedder's vectors, searched in its hybrid mode; so it
//   measures the engine (its BM25, its brute-force vector scan, its fusion) and not
//   the chunking or the tokenizer.
// Measured on the eval's answerable questions (article recall@5) and, above 1×, the
// planted markers (the marker sentence in a returned passage).
import { EnsembleRetriever } from "@langchain/classic/retrievers/ensemble";
import { BM25Retriever } from "@langchain/community/retrievers/bm25";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { create, insertMultiple, search, type Orama } from "@orama/orama";
import type { EvalQuestion } from "../server/evaluation/questions.js";
import { LocalHashEmbeddings } from "../ingest/embed.js";
import { embeddingText } from "../ingest/prepare.js";
import { Segmenter } from "../ingest/segment.js";
import type { Retriever, SearchIndex } from "../server/retrieval/retriever.js";
import type { Marker } from "./synthetic-corpus.js";
import { percentiles } from "./stats.js";
import { itemAt, mustGet } from "../ingest/indexed.js";

const K = 5;

/** What a retrieval system returns for a question: its top passages and the articles they come from. */
type Search = (question: string) => Promise<Array<{ docId: string; text: string }>>;

export interface SystemResult {
  name: string;
  chunks: number;
  buildMs: number;
  evalRecallAt5: number;
  markerRecallAt5: number | null;
  retrieveMs: ReturnType<typeof percentiles>;
}

export interface BaselineResult {
  questions: number;
  markers: number;
  /** Ours first, then the stock systems. */
  systems: SystemResult[];
}

export async function runBaselines(
  index: SearchIndex,
  ours: Retriever,
  questions: EvalQuestion[],
  markers: Marker[],
): Promise<BaselineResult> {
  const measure = async (name: string, chunks: number, buildMs: number, find: Search): Promise<SystemResult> => {
    for (const question of questions.slice(0, 10)) await find(question.question); // warm-up (JIT, caches)
    const times: number[] = [];
    const timed = async (question: string) => {
      const started = performance.now();
      const hits = await find(question);
      times.push(performance.now() - started);
      return hits;
    };
    let articlesFound = 0;
    for (const question of questions)
      if ((await timed(question.question)).some((hit) => hit.docId === question.docId)) articlesFound++;
    let markersFound = 0;
    for (const marker of markers)
      if ((await timed(marker.question)).some((hit) => hit.text.includes(marker.sentence))) markersFound++;
    return {
      name,
      chunks,
      buildMs,
      evalRecallAt5: articlesFound / Math.max(1, questions.length),
      markerRecallAt5: markers.length > 0 ? markersFound / markers.length : null,
      retrieveMs: percentiles(times),
    };
  };
  const systems = [
    await measure("ours", index.chunks.length, 0, async (question) =>
      (await ours.retrieve(question, K)).map((hit) => ({ docId: hit.article.docId, text: hit.chunk.text })),
    ),
  ];
  const langchain = await buildLangChain(index);
  systems.push(await measure("LangChain (stock parts)", langchain.chunks, langchain.buildMs, langchain.find));
  const orama = await buildOrama(index);
  systems.push(await measure("Orama (hybrid, our chunks and tokenizer)", orama.chunks, orama.buildMs, orama.find));
  return { questions: questions.length, markers: markers.length, systems };
}

interface Built {
  chunks: number;
  buildMs: number;
  find: Search;
}

async function buildLangChain(index: SearchIndex): Promise<Built> {
  const started = performance.now();
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
  return {
    chunks: documents.length,
    buildMs: Math.round(performance.now() - started),
    find: async (question) =>
      (await ensemble.invoke(question))
        .slice(0, K)
        .map((document) => ({ docId: String(document.metadata.docId), text: document.pageContent })),
  };
}

async function buildOrama(index: SearchIndex): Promise<Built> {
  const started = performance.now();
  const dimensions = index.manifest.embedder.dimensions;
  const segmenter = index.segmenter;
  const db: Orama<{ text: "string"; position: "number"; embedding: `vector[${number}]` }> = create({
    schema: { text: "string", position: "number", embedding: `vector[${dimensions}]` },
    components: {
      tokenizer: { language: "chinese", normalizationCache: new Map(), tokenize: (raw) => segmenter.tokens(raw) },
    },
  });
  const BATCH = 1000;
  for (let from = 0; from < index.chunks.length; from += BATCH) {
    const chunks = index.chunks.slice(from, from + BATCH);
    const texts = chunks.map((chunk) =>
      embeddingText(mustGet(index.articleById, chunk.docId, "article of a chunk"), chunk),
    );
    const vectors = await index.embeddings.embedDocuments(texts);
    const rows = chunks.map((_, i) => ({ text: texts[i] ?? "", position: from + i, embedding: vectors[i] ?? [] }));
    await insertMultiple(db, rows, BATCH);
  }
  return {
    chunks: index.chunks.length,
    buildMs: Math.round(performance.now() - started),
    find: async (question) => {
      const result = await search(db, {
        mode: "hybrid",
        term: question,
        vector: { value: await index.embeddings.embedQuery(question), property: "embedding" },
        similarity: 0,
        limit: K,
      });
      return result.hits.map((hit) => {
        const chunk = itemAt(index.chunks, hit.document.position);
        return { docId: chunk.docId, text: chunk.text };
      });
    },
  };
}
