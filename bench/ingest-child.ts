// Child process: ingest one corpus with the real pipeline and report throughput
// and this process's peak RSS (`tsx bench/ingest-child.ts <corpusDir> <indexDir>`).
import { embedderSettings, loadConfig } from "../server/config.js";
import { runIngest } from "../ingest/pipeline.js";
import { readManifest } from "../ingest/store.js";
import { createProgress } from "../ingest/progress.js";
import { directoryBytes, peakRssBytes } from "./stats.js";

const [corpusDir, indexDir] = process.argv.slice(2);
if (!corpusDir || !indexDir) throw new Error("usage: ingest-child.ts <corpusDir> <indexDir>");
const config = loadConfig();
const progress = createProgress();
const summary = await runIngest({
  seedsDir: corpusDir,
  indexDir,
  embedder: embedderSettings(config),
  hnsw: config.hnsw,
  threads: config.ingestThreads,
  force: true,
  onProgress: ({ stage, done, total }) => progress.update(`  ingest ${stage}`, done, total),
});
progress.done();
const corpusBytes = await directoryBytes(corpusDir);
const indexBytes = await directoryBytes(indexDir + "/");
const seconds = summary.ms / 1000;
console.log(
  JSON.stringify({
    files: summary.files,
    articles: summary.articles,
    chunks: summary.chunks,
    corpusBytes,
    ms: summary.ms,
    stageMs: summary.stageMs,
    articlesPerSec: Math.round(summary.articles / seconds),
    chunksPerSec: Math.round(summary.chunks / seconds),
    mbPerSec: Math.round((corpusBytes / 1024 / 1024 / seconds) * 100) / 100,
    peakRssBytes: peakRssBytes(),
    indexBytes,
    hnsw: config.hnsw,
    dimensions: config.localEmbeddingDimensions,
    // false above LOCAL_VECTOR_LIMIT: BM25 and phrase coverage alone.
    vectors: (await readManifest(indexDir))?.vectors ?? true,
  }),
);
