// Child process: open an index as the server does, then measure retrieval and
// extractive-answer latency and the recall of planted markers and eval questions.
// `tsx bench/query-child.ts <indexDir> <markers.json|-> [--sweep] [--baseline]`
import path from "node:path";
import { readFile } from "node:fs/promises";
import { readQuestionFile } from "../server/evaluation/questions.js";
import { Answerer } from "../server/answer/answerer.js";
import { embedderSettings, loadConfig, PROJECT_ROOT } from "../server/config.js";
import { openSearchIndex, Retriever } from "../server/retrieval/retriever.js";
import { runBaselines } from "./baselines.js";
import type { Marker } from "./synthetic-corpus.js";
import { peakRssBytes, percentiles } from "./stats.js";
import { itemAt } from "../ingest/indexed.js";

const [indexDir, markersFile] = process.argv.slice(2);
const sweep = process.argv.includes("--sweep");
const withBaseline = process.argv.includes("--baseline");
const MARKER_SAMPLE = 300;

const config = loadConfig();
const loadStart = performance.now();
const index = await openSearchIndex(indexDir!, embedderSettings(config));
const loadMs = Math.round(performance.now() - loadStart);
const rssAfterLoad = process.memoryUsage().rss;
const retriever = new Retriever(index);
const answerer = new Answerer({ retriever });

const { questions } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
const evalQuestions = questions.filter((question) => !question.refuse && !question.followUpOf);
const allMarkers: Marker[] =
  markersFile && markersFile !== "-" ? (JSON.parse(await readFile(markersFile, "utf8")) as Marker[]) : [];
// An even spread over the corpus, the same every run.
const step = Math.max(1, Math.floor(allMarkers.length / MARKER_SAMPLE));
const markers = allMarkers.filter((_, i) => i % step === 0).slice(0, MARKER_SAMPLE);
const asked = [...evalQuestions.map((question) => question.question), ...markers.map((marker) => marker.question)];

for (const question of asked.slice(0, 40)) await answerer.answer({ question }); // warm-up (JIT, caches)

const retrieveMs: number[] = [];
const answerMs: number[] = [];
let evalFound = 0;
for (const question of evalQuestions) {
  const started = performance.now();
  const hits = await retriever.retrieve(question.question, 5);
  retrieveMs.push(performance.now() - started);
  if (hits.some((hit) => hit.article.docId === question.docId)) evalFound++;
}
let markerFound = 0;
let markerAnswered = 0;
for (const marker of markers) {
  const started = performance.now();
  const hits = await retriever.retrieve(marker.question, 5);
  retrieveMs.push(performance.now() - started);
  if (hits.some((hit) => hit.chunk.text.includes(marker.sentence))) markerFound++;
}
for (const question of asked) {
  const started = performance.now();
  const result = await answerer.answer({ question });
  answerMs.push(performance.now() - started);
  const marker = markers.find((candidate) => candidate.question === question);
  if (marker && result.answer.includes(String(marker.count))) markerAnswered++;
}

interface SweepRow {
  efSearch: number;
  vectorRecallAt5: number;
  hybridRecallAt5: number;
  vectorSearchMs: ReturnType<typeof percentiles>;
}
const sweepRows: SweepRow[] = [];
if (sweep && markers.length > 0 && index.manifest.vectors) {
  for (const ef of [10, 16, 32, 64, 128, 256]) {
    index.vectorStore.index.setEf(ef);
    const times: number[] = [];
    let vectorFound = 0;
    let hybridFound = 0;
    for (const marker of markers) {
      const started = performance.now();
      const vectorHits = await retriever.vectorSearch(marker.question, 5);
      times.push(performance.now() - started);
      if (vectorHits.some(({ index: chunkIndex }) => itemAt(index.chunks, chunkIndex).text.includes(marker.sentence)))
        vectorFound++;
      const hits = await retriever.retrieve(marker.question, 5);
      if (hits.some((hit) => hit.chunk.text.includes(marker.sentence))) hybridFound++;
    }
    sweepRows.push({
      efSearch: ef,
      vectorRecallAt5: vectorFound / markers.length,
      hybridRecallAt5: hybridFound / markers.length,
      vectorSearchMs: percentiles(times),
    });
  }
  index.vectorStore.index.setEf(index.manifest.hnsw.efSearch);
}

const baseline = withBaseline ? await runBaselines(index, retriever, evalQuestions, markers) : undefined;

console.log(
  JSON.stringify({
    loadMs,
    rssAfterLoadBytes: rssAfterLoad,
    peakRssBytes: peakRssBytes(),
    hnsw: index.manifest.hnsw,
    chunks: index.chunks.length,
    evalQuestions: evalQuestions.length,
    evalRecallAt5: evalFound / Math.max(1, evalQuestions.length),
    markerQuestions: markers.length,
    markerRecallAt5: markers.length ? markerFound / markers.length : null,
    markerAnswerAccuracy: markers.length ? markerAnswered / markers.length : null,
    retrieveMs: percentiles(retrieveMs),
    answerMs: percentiles(answerMs),
    sweep: sweepRows,
    baseline,
  }),
);
