// Retrieval latency of the PostgreSQL + pgvector store against the local store
// on the same corpus: the eval's answerable questions through Retriever.retrieve
// (vector + BM25, fused), after a warm-up, in this process; the database is
// PGlite with pgvector behind its socket server (`npm run db`), reached over
// TCP like a real one. Also how often both return the same top 5.
// `npx tsx bench/store-retrieval.ts [--sizes 1,100] [--rounds 3]`
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readQuestionFile } from "../server/evaluation/questions.js";
import { runIngest } from "../ingest/pipeline.js";
import { startLocalDatabase } from "../ingest/postgres/local-server.js";
import { PostgresCorpusStore } from "../ingest/postgres/store.js";
import { databaseSink } from "../ingest/postgres/write.js";
import { openSearchIndex } from "../ingest/search-index.js";
import { embedderSettings, loadConfig, PROJECT_ROOT, type Config } from "../server/config.js";
import { Retriever } from "../server/retrieval/retriever.js";
import { percentiles, type Percentiles } from "./stats.js";
import { generateCorpus, seedBytes } from "./synthetic-corpus.js";

export interface StoreRetrievalRow {
  size: number;
  chunks: number;
  localMs: Percentiles;
  databaseMs: Percentiles;
  sameTop5: number;
  databaseIngestS: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function timeAll(retriever: Retriever, questions: string[], rounds: number): Promise<number[]> {
  for (const question of questions.slice(0, 20)) await retriever.retrieve(question); // warm-up
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      const started = performance.now();
      await retriever.retrieve(question);
      times.push(performance.now() - started);
    }
  }
  return times;
}

export async function benchStoreRetrieval(sizes: number[], rounds: number): Promise<StoreRetrievalRow[]> {
  const config = loadConfig({});
  const { questions } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
  const asked = questions
    .filter((question) => question.docId && !question.followUpOf)
    .map((question) => question.question);
  const rows: StoreRetrievalRow[] = [];
  for (const size of sizes) {
    const workDir = await mkdtemp(path.join(os.tmpdir(), "bench-store-"));
    const database = await startLocalDatabase({ port: 0, dir: path.join(workDir, "db") });
    try {
      const row = await measureSize(size, { config, workDir, databaseUrl: database.url, asked, rounds });
      rows.push(row);
      const { localMs, databaseMs, sameTop5 } = row;
      log(`[store ${size}×] local p50 ${localMs.p50} ms, database p50 ${databaseMs.p50} ms, same top 5 ${sameTop5}`);
    } finally {
      await database.stop();
      await rm(workDir, { recursive: true, force: true });
    }
  }
  return rows;
}

interface SizeRun {
  config: Config;
  workDir: string;
  databaseUrl: string;
  asked: string[];
  rounds: number;
}

/** One corpus size: both ingests, then the same questions through both stores. */
async function measureSize(size: number, { config, workDir, databaseUrl, asked, rounds }: SizeRun) {
  const embedder = embedderSettings(config);
  let seedsDir = config.seedsDir;
  if (size > 1) {
    log(`[store ${size}×] generating the corpus…`);
    const targetBytes = size * (await seedBytes(seedsDir));
    const outDir = path.join(workDir, "corpus");
    seedsDir = (await generateCorpus({ seedsDir, outDir, targetBytes, includeSeeds: true })).dir;
  }
  const base = { seedsDir, embedder, hnsw: config.hnsw };
  log(`[store ${size}×] local ingest…`);
  await runIngest({ ...base, indexDir: path.join(workDir, "index") });
  log(`[store ${size}×] database ingest…`);
  const started = performance.now();
  await runIngest({ ...base, indexDir: path.join(workDir, "unused"), sink: databaseSink(databaseUrl) });
  const databaseIngestS = Math.round((performance.now() - started) / 100) / 10;
  const local = new Retriever(await openSearchIndex(path.join(workDir, "index"), embedder));
  const store = new PostgresCorpusStore({ url: databaseUrl, embedder });
  try {
    const fromDatabase = new Retriever(await store.open());
    let same = 0;
    for (const question of asked) {
      const ids = async (retriever: Retriever) =>
        (await retriever.retrieve(question)).map((hit) => hit.chunk.chunkId).join();
      if ((await ids(local)) === (await ids(fromDatabase))) same++;
    }
    log(`[store ${size}×] timing ${asked.length} questions × ${rounds}…`);
    return {
      size,
      chunks: local.index.chunks.length,
      localMs: percentiles(await timeAll(local, asked, rounds)),
      databaseMs: percentiles(await timeAll(fromDatabase, asked, rounds)),
      sameTop5: Math.round((same / asked.length) * 1000) / 1000,
      databaseIngestS,
    };
  } finally {
    await store.close();
  }
}

export function storeRetrievalTable(rows: StoreRetrievalRow[]): string {
  return [
    "| size | chunks | local store retrieve p50 / p95 / p99 ms | database store p50 / p95 / p99 ms | same top 5 | " +
      "database ingest s |",
    "|---|---|---|---|---|---|",
    ...rows.map((row) => {
      const ms = (p: Percentiles) => `${p.p50} / ${p.p95} / ${p.p99}`;
      const { size, chunks, localMs, databaseMs, sameTop5, databaseIngestS } = row;
      const cells = [`${size}×`, chunks, ms(localMs), ms(databaseMs), sameTop5, databaseIngestS];
      return `| ${cells.join(" | ")} |`;
    }),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { sizes: { type: "string" }, rounds: { type: "string" } } });
  const rows = await benchStoreRetrieval((values.sizes ?? "1").split(",").map(Number), Number(values.rounds ?? 3));
  console.log(storeRetrievalTable(rows));
  console.log(JSON.stringify(rows));
}
