// `tsx bench/fusion-recall.ts <indexDir> <markers.json|->`: recall@5 of each fusion variant on the
// planted markers (the same even sample of 300 as query-child.ts) and on the eval's dev questions
// (passage = a top-5 chunk holds the gold quote; article = a top-5 chunk is from the gold article).
// Prints a Markdown table and, last, the rows as JSON. Dev split only: the variants are tuned on it.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { articleRank, passageRank } from "../server/evaluation/gold.js";
import { readQuestionFile } from "../server/evaluation/questions.js";
import { embedderSettings, loadConfig, PROJECT_ROOT } from "../server/config.js";
import { DEFAULT_FUSION, openSearchIndex, Retriever, type FusionOptions } from "../server/retrieval/retriever.js";
import type { Marker } from "./synthetic-corpus.js";
import { itemAt } from "../ingest/indexed.js";

const [indexDir, markersFile] = process.argv.slice(2);
if (!indexDir) throw new Error("usage: fusion-recall.ts <indexDir> <markers.json|->");
const MARKER_SAMPLE = 300;
const index = await openSearchIndex(indexDir, embedderSettings(loadConfig()));
const { questions } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
const dev = questions.filter((q) => q.split === "dev" && !q.refuse && q.docId && q.quote && !q.followUpOf);
const allMarkers: Marker[] = markersFile && markersFile !== "-" ? JSON.parse(await readFile(markersFile, "utf8")) : [];
const step = Math.max(1, Math.floor(allMarkers.length / MARKER_SAMPLE));
const markers = allMarkers.filter((_, i) => i % step === 0).slice(0, MARKER_SAMPLE);

type Rank = (question: string) => Promise<number[]>;
const base = new Retriever(index);
const fused = (options: Partial<FusionOptions>): Rank => {
  const retriever = new Retriever(index, { ...DEFAULT_FUSION, ...options });
  return async (question) => (await retriever.retrieve(question, 5)).map((hit) => index.chunks.indexOf(hit.chunk));
};
// Fusion rules without phrase coverage first (the earlier choices), then with it.
const noPhrase = { phraseWeight: 0 };
const variants: Array<[string, Rank]> = [
  ["BM25 only", async (question) => (await base.lexicalSearch(question, 5)).map((hit) => hit.index)],
  ["vector only", async (question) => (await base.vectorSearch(question, 5)).map((hit) => hit.index)],
  ["RRF (plain)", fused({ ...noPhrase, vectorGate: "all" })],
  ...[1.5, 2.5, 3].map((z): [string, Rank] => [
    `RRF, vector margin z=${z}`,
    fused({ ...noPhrase, vectorGate: "margin", vectorMarginZ: z }),
  ]),
  ["RRF, vectors for unknown words only", fused({ ...noPhrase, vectorGate: "unknown-words" })],
  ["RRF, margin z=2.5 unless unknown words", fused({ ...noPhrase, vectorGate: "margin-unless-unknown" })],
  ["BM25 + phrase w=0.05", fused({ vectorGate: "none", phraseWeight: 0.05 })],
  ...[0.02, 0.05, 0.1].map((w): [string, Rank] => [
    `RRF, margin z=2.5 + phrase w=${w}`,
    fused({ vectorGate: "margin", vectorMarginZ: 2.5, phraseWeight: w }),
  ]),
];

const rows = [];
for (const [label, rank] of variants) {
  let markerHits = 0;
  for (const marker of markers) {
    const found = await rank(marker.question);
    if (found.some((chunkIndex) => itemAt(index.chunks, chunkIndex).text.includes(marker.sentence))) markerHits++;
  }
  let passageHits = 0;
  let articleHits = 0;
  for (const question of dev) {
    const found = await rank(question.question);
    if (passageRank(question, found, index) > 0) passageHits++;
    if (articleRank(question, found, index) > 0) articleHits++;
  }
  const share = (hits: number, of: number) => (of === 0 ? null : Math.round((hits / of) * 1000) / 1000);
  rows.push({
    variant: label,
    markerRecallAt5: share(markerHits, markers.length),
    devPassageRecallAt5: share(passageHits, dev.length),
    devArticleRecallAt5: share(articleHits, dev.length),
  });
  process.stderr.write(`  ${label}: done\n`);
}
const cell = (value: number | null) => (value === null ? "–" : value.toFixed(3));
console.error(`${index.chunks.length} chunks, ${markers.length} markers, ${dev.length} dev questions`);
console.error("| variant | markers R@5 | dev passage R@5 | dev article R@5 |\n|---|---|---|---|");
for (const row of rows)
  console.error(
    `| ${row.variant} | ${[row.markerRecallAt5, row.devPassageRecallAt5, row.devArticleRecallAt5].map(cell).join(" | ")} |`,
  );
console.log(JSON.stringify({ chunks: index.chunks.length, markers: markers.length, dev: dev.length, rows }));
