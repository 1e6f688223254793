// `npx tsx bench/hnsw-recall.ts`: recall of hnswlib's approximate search against
// exact cosine search, for several values of the search beam ef, over the eval
// questions. LangChain's HNSWLib never sets ef, so hnswlib's default of 10
// applies unless the index sets it (we set HNSW_EF_SEARCH, default 64).
import path from "node:path";
import { readQuestionFile } from "../server/evaluation/questions.js";
import { embedderSettings, loadConfig, PROJECT_ROOT } from "../server/config.js";
import { openSearchIndex } from "../server/retrieval/retriever.js";
import { itemAt } from "../ingest/indexed.js";

const config = loadConfig();
const index = await openSearchIndex(config.indexDir, embedderSettings(config));
const hnsw = index.vectorStore.index;
const count = hnsw.getCurrentCount();
const points = Array.from({ length: count }, (_, label) => hnsw.getPoint(label));
const { questions } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
const queries = await Promise.all(questions.map((question) => index.embeddings.embedQuery(question.question)));

function exactTop(query: number[], k: number): Set<number> {
  const scored = points.map((point, label) => ({
    label,
    score: point.reduce((sum, value, i) => sum + value * itemAt(query, i), 0),
  }));
  return new Set(
    scored
      .sort((left, right) => right.score - left.score)
      .slice(0, k)
      .map((entry) => entry.label),
  );
}

console.log(
  `${count} vectors, ${queries.length} queries, M=${index.manifest.hnsw.m}, efConstruction=${index.manifest.hnsw.efConstruction}\n`,
);
console.log("| ef | recall@10 | recall@30 | median µs/query |\n|---|---|---|---|");
for (const ef of [10, 16, 32, 64, 128]) {
  hnsw.setEf(ef);
  const row: string[] = [String(ef)];
  const times: number[] = [];
  for (const k of [10, 30]) {
    let found = 0;
    for (const query of queries) {
      const exact = exactTop(query, k);
      const started = performance.now();
      const result = hnsw.searchKnn(query, k);
      times.push(performance.now() - started);
      found += result.neighbors.filter((label) => exact.has(label)).length;
    }
    row.push((found / (k * queries.length)).toFixed(4));
  }
  times.sort((left, right) => left - right);
  row.push((itemAt(times, Math.floor(times.length / 2)) * 1000).toFixed(0));
  console.log(`| ${row.join(" | ")} |`);
}
hnsw.setEf(index.manifest.hnsw.efSearch);
