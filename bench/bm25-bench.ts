// `tsx bench/bm25-bench.ts <indexDir> <markers.json|-> [rounds]`: BM25 top-30 latency of the
// MaxScore search against the exhaustive walk on the same questions (eval and sampled markers),
// interleaved in one process so both see the same machine load. Checks they agree on every query.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { readQuestionFile } from "../server/evaluation/questions.js";
import { embedderSettings, loadConfig, PROJECT_ROOT } from "../server/config.js";
import { openSearchIndex } from "../server/retrieval/retriever.js";
import { percentiles } from "./stats.js";
import type { Marker } from "./synthetic-corpus.js";

const [indexDir, markersFile, roundsArg] = process.argv.slice(2);
if (!indexDir) throw new Error("usage: bm25-bench.ts <indexDir> <markers.json|-> [rounds]");
const rounds = Number(roundsArg ?? 3);
const index = await openSearchIndex(indexDir, embedderSettings(loadConfig()));
const { questions } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
const markers: Marker[] = markersFile && markersFile !== "-" ? JSON.parse(await readFile(markersFile, "utf8")) : [];
const step = Math.max(1, Math.floor(markers.length / 300));
const asked = [
  ...questions.map((q) => q.question),
  ...markers
    .filter((_, i) => i % step === 0)
    .slice(0, 300)
    .map((m) => m.question),
];
const queries = asked.map((question) => index.segmenter.tokens(question));
for (const tokens of queries) index.bm25.search(tokens, 30); // warm-up: JIT and the typed-array term cache

const skipping: number[] = [];
const exhaustive: number[] = [];
let disagreements = 0;
for (let round = 0; round < rounds; round++) {
  for (const tokens of queries) {
    let started = performance.now();
    const fast = index.bm25.search(tokens, 30);
    skipping.push(performance.now() - started);
    started = performance.now();
    const slow = index.bm25.searchExhaustive(tokens, 30);
    exhaustive.push(performance.now() - started);
    if (JSON.stringify(fast) !== JSON.stringify(slow)) disagreements++;
  }
}
console.log(
  JSON.stringify({
    chunks: index.chunks.length,
    queries: queries.length,
    rounds,
    disagreements,
    maxScoreMs: percentiles(skipping),
    exhaustiveMs: percentiles(exhaustive),
  }),
);
