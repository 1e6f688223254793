// No request may hold the event loop (issue 14): with briefings' corpus work on
// the worker pool, /api/health answers within 50 ms while 20 briefings run on
// a large corpus built here (8,000 articles on one page, where one briefing
// used to hold the loop for over a minute).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runIngest } from "../ingest/pipeline.js";
import { PooledBriefer } from "./briefing/pooled-briefer.js";
import { openSearchIndex, Retriever } from "./retrieval/retriever.js";
import type { CorpusIndex } from "./test-support/corpus-index.js";
import { startApp, type RunningApp } from "./test-support/running-app.js";
import { SYNTHETIC_PAGE_FILE, syntheticPage } from "./test-support/synthetic-page.js";
import { WorkPool } from "./work-pool.js";

const TOPICS = [
  "产业链党建",
  "企业协同发展",
  "服务企业",
  "支部建在产业链上",
  "解决难题",
  "园区党建工作",
  "覆盖企业",
  "推动企业",
];
const EMBEDDER = { kind: "local", dimensions: 64 } as const;

/** The synthetic corpus through the real ingest, shaped like buildCorpusIndex's. */
async function largeCorpus(): Promise<CorpusIndex> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "health-load-"));
  await mkdir(path.join(workDir, "seeds"));
  await writeFile(path.join(workDir, "seeds", SYNTHETIC_PAGE_FILE), syntheticPage(8000));
  const indexDir = path.join(workDir, "index");
  await runIngest({
    seedsDir: path.join(workDir, "seeds"),
    indexDir,
    embedder: EMBEDDER,
    hnsw: { m: 8, efConstruction: 16, efSearch: 32 },
  });
  const index = await openSearchIndex(indexDir, EMBEDDER);
  return {
    indexDir,
    index,
    retriever: new Retriever(index),
    cleanup: () => rm(workDir, { recursive: true, force: true }),
  };
}
const BRIEFINGS = 20;
const BOUND_MS = 50;

let corpus: CorpusIndex;
let pool: WorkPool;
let running: RunningApp;

beforeAll(async () => {
  corpus = await largeCorpus();
  pool = new WorkPool({ threads: 1, maxQueue: 64, budgetMs: 60_000 });
  running = await startApp(corpus, { pool, rateLimitPerMinute: 10_000, embedder: EMBEDDER });
  const briefer = running.assistant.briefer;
  if (briefer instanceof PooledBriefer) await briefer.warmUp();
}, 60_000);

afterAll(async () => {
  await running.close();
  await pool.close();
  await corpus.cleanup();
});

async function healthMs(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/health`);
  expect(response.status).toBe(200);
  await response.json();
  return performance.now() - started;
}

describe("/api/health under briefing load", () => {
  // Wall-clock bound on a shared 2-core machine where other test files run at the same time: a run
  // slowed by a neighbour is tried again (up to twice); a server that holds its loop fails every time.
  it(`answers within ${BOUND_MS} ms while ${BRIEFINGS} briefings run`, { retry: 2, timeout: 60_000 }, async () => {
    await healthMs(running.url); // a warm connection, as a monitor has
    let finished = 0;
    const briefings = Array.from({ length: BRIEFINGS }, async (_, i) => {
      const response = await fetch(`${running.url}/api/briefings`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ topic: TOPICS[i % TOPICS.length] }),
      });
      finished++;
      return response.status;
    });
    const probes: number[] = [];
    while (finished < BRIEFINGS) {
      probes.push(await healthMs(running.url));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await Promise.all(briefings)).toEqual(Array(BRIEFINGS).fill(200));
    expect(probes.length).toBeGreaterThanOrEqual(5);
    const sorted = [...probes].sort((a, b) => a - b);
    const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
    expect(p95).toBeLessThan(BOUND_MS);
  });
});
