// `npm run sweep [-- --split dev|test|all]`: retrieval choices measured on the eval questions.
// Builds throwaway indexes in a temp folder for each chunk size and compares
// lexical tokenisations (jieba + user dictionary, jieba alone, character
// bigrams) and fusion against either retriever alone. Prints Markdown tables:
// recall@1/@3/@5 and MRR of the gold article over answerable questions.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Bm25Index } from "../ingest/bm25.js";
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from "../ingest/chunk.js";
import { embeddingText, runIngest } from "../ingest/pipeline.js";
import { charBigrams, Segmenter } from "../ingest/segment.js";
import { loadConfig, PROJECT_ROOT } from "../server/config.js";
import {
  DEFAULT_FUSION,
  openSearchIndex,
  Retriever,
  type RetrievedChunk,
  type SearchIndex,
} from "../server/retrieval/retriever.js";
import { articleRank, passageRank } from "../server/evaluation/gold.js";
import { readQuestionFile, type EvalQuestion } from "../server/evaluation/questions.js";
import { itemAt, mustGet } from "../ingest/indexed.js";

// The configured defaults (LOCAL_EMBEDDING_DIMENSIONS, HNSW_*), so the sweep measures what runs.
const CONFIG = loadConfig();
const EMBEDDER = { kind: "local", dimensions: CONFIG.localEmbeddingDimensions } as const;

interface Scores {
  r1: number;
  r5: number;
  mrr: number;
}

function scoreRanks(ranks: number[]): Scores {
  const share = (cut: number) => ranks.filter((rank) => rank > 0 && rank <= cut).length / ranks.length;
  return {
    r1: share(1),
    r5: share(5),
    mrr: ranks.reduce((sum, rank) => sum + (rank > 0 ? 1 / rank : 0), 0) / ranks.length,
  };
}

const HEADER =
  "| variant | article R@1 | article R@5 | article MRR | passage R@1 | passage R@5 | passage MRR |\n|---|---|---|---|---|---|---|";

function chunkIndexes(hits: RetrievedChunk[], index: SearchIndex): number[] {
  const position = new Map(index.chunks.map((chunk, i) => [chunk.chunkId, i]));
  return hits.map((hit) => position.get(hit.chunk.chunkId)!);
}

/** One table row from each question's ranked chunk indexes. */
function row(label: string, rankings: number[][], questions: EvalQuestion[], index: SearchIndex): string {
  const article = scoreRanks(questions.map((question, i) => articleRank(question, itemAt(rankings, i), index)));
  const passage = scoreRanks(questions.map((question, i) => passageRank(question, itemAt(rankings, i), index)));
  const cells = [article.r1, article.r5, article.mrr, passage.r1, passage.r5, passage.mrr].map((value) =>
    value.toFixed(3),
  );
  return `| ${label} | ${cells.join(" | ")} |`;
}

// Over 60 lines on purpose: a script that prints its tables one after another.
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { split: { type: "string", default: "dev" } } });
  const all = (await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"))).questions;
  const questions = all.filter(
    (question) =>
      !question.refuse &&
      question.docId &&
      question.category !== "follow-up" &&
      (values.split === "all" || question.split === values.split),
  );
  console.log(`${questions.length} answerable ${values.split} questions\n`);
  const workDir = await mkdtemp(path.join(os.tmpdir(), "sweep-"));
  try {
    const chunkRows: string[] = [];
    let defaultIndex: SearchIndex | undefined;
    const sizes: ChunkOptions[] = [120, 200, 300, 450].flatMap((maxChars) =>
      [0, 1].map((overlapSentences) => ({ maxChars, overlapSentences })),
    );
    for (const chunking of sizes) {
      const indexDir = path.join(workDir, `index-${chunking.maxChars}-${chunking.overlapSentences}`);
      await runIngest({
        seedsDir: path.join(PROJECT_ROOT, "seeds"),
        indexDir,
        embedder: EMBEDDER,
        hnsw: CONFIG.hnsw,
        chunking,
      });
      const index = await openSearchIndex(indexDir, EMBEDDER);
      const retriever = new Retriever(index);
      const rankings = await Promise.all(
        questions.map(async (question) => chunkIndexes(await retriever.retrieve(question.question, 20), index)),
      );
      chunkRows.push(
        row(
          `${chunking.maxChars} chars, overlap ${chunking.overlapSentences} (${index.chunks.length} chunks)`,
          rankings,
          questions,
          index,
        ),
      );
      if (
        chunking.maxChars === DEFAULT_CHUNK_OPTIONS.maxChars &&
        chunking.overlapSentences === DEFAULT_CHUNK_OPTIONS.overlapSentences
      )
        defaultIndex = index;
    }
    console.log(`### Chunk size (hybrid retrieval)\n${HEADER}\n${chunkRows.join("\n")}\n`);

    const index = defaultIndex!;
    const retriever = new Retriever(index);
    const fusionRows: string[] = [];
    const vectorOnly = await Promise.all(
      questions.map(async (question) => (await retriever.vectorSearch(question.question, 60)).map((hit) => hit.index)),
    );
    fusionRows.push(row("vector only (HNSW, local embedder)", vectorOnly, questions, index));
    const lexicalOnly = await Promise.all(
      questions.map(async (question) => (await retriever.lexicalSearch(question.question, 60)).map((hit) => hit.index)),
    );
    fusionRows.push(row("lexical only (BM25, jieba + user dictionary)", lexicalOnly, questions, index));
    for (const [vectorWeight, lexicalWeight] of [
      [1, 1],
      [1, 2],
      [2, 1],
    ] as const) {
      const fused = new Retriever(index, { ...DEFAULT_FUSION, vectorWeight, lexicalWeight });
      const rankings = await Promise.all(
        questions.map(async (question) => chunkIndexes(await fused.retrieve(question.question, 30), index)),
      );
      fusionRows.push(row(`RRF fusion, vector ${vectorWeight} : lexical ${lexicalWeight}`, rankings, questions, index));
    }
    console.log(
      `### Fusion (chunks of ${DEFAULT_CHUNK_OPTIONS.maxChars} chars)\n${HEADER}\n${fusionRows.join("\n")}\n`,
    );

    // Lexical tokenisation: the same BM25 over three ways of cutting the text.
    const texts = index.chunks.map((chunk) =>
      embeddingText(mustGet(index.articleById, chunk.docId, "articles by id"), chunk),
    );
    const stock = new Segmenter();
    const tokenizers: Array<[string, (text: string) => string[]]> = [
      ["jieba + corpus user dictionary", (text) => index.segmenter.tokens(text)],
      ["jieba, stock dictionary", (text) => stock.tokens(text)],
      ["character bigrams", charBigrams],
    ];
    const lexicalRows = tokenizers.map(([label, tokenize]) => {
      const bm25 = Bm25Index.build(texts.map(tokenize));
      return row(
        label,
        questions.map((question) => bm25.search(tokenize(question.question), 60).map((hit) => hit.index)),
        questions,
        index,
      );
    });
    console.log(`### Lexical tokenisation (BM25 alone)\n${HEADER}\n${lexicalRows.join("\n")}`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
