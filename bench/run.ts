// `npm run bench [-- --quick] [--sizes 1,100,300] [--skip-load] [--keep]`: ingest throughput, index
// size and load time, retrieval/answer latency with planted-marker recall, an
// efSearch sweep, server load over Socket.IO and HTTP, and a stock LangChain
// baseline, all in one run. Writes bench/results/<timestamp>.{json,md}.
// Figures only: nothing here fails on a time (machines are noisy), only on crashes.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { readQuestionFile } from "../server/evaluation/questions.js";
import { createProgress } from "../ingest/progress.js";
import { PROJECT_ROOT } from "../server/config.js";
import { renderMarkdown, type BenchResult, type LoadResult, type SizeResult } from "./report.js";
import { generateCorpus, generateNewPages, seedBytes } from "./synthetic-corpus.js";
import { redisAvailable } from "../server/test-support/redis-server.js";
import { startBenchServer } from "./bench-server.js";
import { BENCH_DIR, runChild } from "./stats.js";
import { benchStoreRetrieval } from "./store-retrieval.js";
import { benchWorkers } from "./workers.js";
import { itemAt } from "../ingest/indexed.js";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean" },
    sizes: { type: "string" },
    keep: { type: "boolean" },
    "skip-load": { type: "boolean" },
    "skip-scale": { type: "boolean" },
  },
});
const quick = Boolean(args.quick);
// --quick stays under two minutes on a 2-core machine: a 100× ingest alone takes ~105 s there, so quick stops at 50×.
const sizes = args.sizes ? args.sizes.split(",").map(Number) : quick ? [1, 50] : [1, 100, 300];
const clientCounts = quick ? [50] : [50, 200, 500];
const loadSeconds = quick ? 5 : 10;
// The unmeasured warm-up before the 1000× load (serverLoadAt): declared up here, as the run's
// top-level code calls it before a declaration further down would be initialised.
const WARM_UP_SECONDS = 5;
const seedsDir = path.join(PROJECT_ROOT, "seeds");
/** Fresh pages added one by one to each built index, for the add-a-page time. */
const ADDED_PAGES = 5;
const workDir = await mkdtemp(path.join(os.tmpdir(), "bench-"));
const log = (line: string) => process.stderr.write(`${line}\n`);
const startedAt = new Date();
const benchStart = performance.now();

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? "unknown",
  memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
log(
  `bench: ${quick ? "quick" : "full"} run, sizes ${sizes.join("×, ")}×, on ${machine.cpus} cores / ${machine.memoryGiB} GiB, Node ${machine.node}; work dir ${workDir}`,
);

const results: SizeResult[] = [];
const baseBytes = await seedBytes(seedsDir);
const progress = createProgress(process.stderr, 1000);
try {
  for (const [position, size] of sizes.entries()) {
    const largest = position === sizes.length - 1;
    progress.update("sizes", position, sizes.length);
    let corpusDir = seedsDir;
    let markersFile = "-";
    let markerCount = 0;
    if (size > 1) {
      log(`[${size}×] generating ${((size * baseBytes) / 1024 / 1024).toFixed(1)} MB synthetic corpus…`);
      const corpus = await generateCorpus({
        seedsDir,
        outDir: path.join(workDir, `corpus-${size}`),
        targetBytes: size * baseBytes,
        includeSeeds: true,
      });
      corpusDir = corpus.dir;
      markersFile = path.join(workDir, `markers-${size}.json`);
      markerCount = corpus.markers.length;
      await writeFile(markersFile, JSON.stringify(corpus.markers));
    }
    // Each size in its own data folder: the pages added to one (kept in uploads/ beside its index) are not
    // another size's uploads.
    const indexDir = path.join(workDir, `size-${size}`, "index");
    log(`[${size}×] ingesting…`);
    const ingest = await runChild<SizeResult["ingest"]>("ingest-child.ts", [corpusDir, indexDir], largeCorpus(size));
    log(
      `[${size}×] ${ingest.articles} articles, ${ingest.chunks} chunks in ${(ingest.ms / 1000).toFixed(1)} s; querying…`,
    );
    // The stock engines beside ours at 1× and 100× (above that LangChain's BM25Retriever, which scores every
    // document for each question, and Orama's brute-force vector scan take minutes a size).
    // The efSearch sweep at the largest size and from 1000× (a size above LOCAL_VECTOR_LIMIT has no vectors to sweep).
    const sweep = size > 1 && (largest || size >= 1000);
    const flags = [...(sweep ? ["--sweep"] : []), ...(size <= 100 ? ["--baseline"] : [])];
    const query = await runChild<SizeResult["query"]>(
      "query-child.ts",
      [indexDir, markersFile, ...flags],
      largeCorpus(size),
    );
    // After the queries, which measure the index as the full ingest built it; not at 1×, whose index the server load
    // uses.
    const addPage = size > 1 ? await addPages(size, indexDir) : undefined;
    results.push({ size, markers: markerCount, ingest, query, ...(addPage ? { addPage } : {}), indexDir });
    if (size > 1 && !args.keep) await rm(path.join(workDir, `corpus-${size}`), { recursive: true, force: true });
  }
  progress.update("sizes", sizes.length, sizes.length);
  progress.done();

  const seedIndex = results.find((result) => result.size === 1)?.indexDir ?? itemAt(results, 0).indexDir;
  const load = args["skip-load"] ? undefined : await serverLoad(seedIndex);
  // The second throughput figure is at 1000×: the largest index up to it that this run built.
  const scaled = results.filter((result) => result.size > 1 && result.size <= 1000).at(-1);
  const loadAtScale = args["skip-load"] || !scaled ? undefined : await serverLoadAt(scaled.size, scaled.indexDir);
  const scale = args["skip-scale"] ? undefined : await scaleOut();
  const result: BenchResult = {
    startedAt: startedAt.toISOString(),
    quick,
    totalSeconds: Math.round((performance.now() - benchStart) / 1000),
    machine,
    seedBytes: baseBytes,
    sizes: results.map(({ indexDir: _indexDir, ...rest }) => ({ ...rest, indexDir: "" })),
    load,
    ...(loadAtScale ? { loadAtScale } : {}),
    scale,
  };
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const resultsDir = path.join(BENCH_DIR, "results");
  await mkdir(resultsDir, { recursive: true });
  const markdown = renderMarkdown(result);
  await writeFile(path.join(resultsDir, `${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(path.join(resultsDir, `${stamp}.md`), markdown);
  console.log(markdown);
  log(`bench: done in ${result.totalSeconds} s → bench/results/${stamp}.{json,md}`);
} finally {
  if (!args.keep) await rm(workDir, { recursive: true, force: true });
}

/** 50 Socket.IO clients for loadSeconds against the server on a larger index (one process), after a warm-up. */
async function serverLoadAt(size: number, indexDir: string): Promise<NonNullable<BenchResult["loadAtScale"]>> {
  const { questionsFile } = await loadQuestions();
  const server = await startBenchServer(indexDir);
  try {
    const idle = await server.rss();
    // Unmeasured first: the worker thread opens its own copy of the index and builds its answerer on the
    // first question (seconds at 1000×, while every client waits); the round after is the steady state.
    log(`[load ${size}×] warm-up: 10 Socket.IO clients for ${WARM_UP_SECONDS} s…`);
    const warmUp = await runChild<LoadResult["socket"][number]>(
      "load-clients.ts",
      [server.url, "10", String(WARM_UP_SECONDS), questionsFile],
      { timeoutMs: (WARM_UP_SECONDS + 90) * 1000 },
    );
    log(`[load ${size}×] 50 Socket.IO clients for ${loadSeconds} s…`);
    const stats = await runChild<LoadResult["socket"][number]>(
      "load-clients.ts",
      [server.url, "50", String(loadSeconds), questionsFile],
      { timeoutMs: (loadSeconds + 90) * 1000 },
    );
    log(`[load ${size}×] ${stats.answersPerSec} answers/s`);
    return {
      size,
      idleServerRss: idle.rss,
      warmUp: { seconds: warmUp.seconds, answers: warmUp.answers, doneP99Ms: warmUp.doneMs.p99 },
      socket: [{ ...stats, serverRss: await server.rss() }],
    };
  } finally {
    await server.stop();
  }
}

/**
 * Time and heap for a child at `size`: 15 minutes were ample to 1000× (196 s of ingest); a 10,000×
 * corpus holds more than V8's default 4 GiB of heap (870 MB of text is 1.7 GB as strings) and takes
 * the better part of an hour, so above 1000× the child gets 12 GiB (the issue's peak-memory bound;
 * an operator ingesting such a corpus sets the same `NODE_OPTIONS=--max-old-space-size=12288`).
 */
function largeCorpus(size: number): { timeoutMs: number; heapMb?: number } {
  return size > 1000 ? { timeoutMs: Math.max(15 * 60_000, size * 600), heapMb: 12_288 } : { timeoutMs: 15 * 60_000 };
}

/** 1 vs 2 worker processes on Redis (when redis-server is installed); the database store's retrieval at 1× and 100×. */
async function scaleOut(): Promise<BenchResult["scale"]> {
  const workers = redisAvailable("bench workers")
    ? await benchWorkers({ seconds: loadSeconds, clients: 50, rounds: quick ? 1 : 3 })
    : undefined;
  log("[scale] database store retrieval…");
  return { workers, store: await benchStoreRetrieval(quick ? [1] : [1, 100], quick ? 1 : 3) };
}

/** The eval's questions (follow-ups aside) in a file for the load clients; their text, for autocannon's bodies. */
async function loadQuestions(): Promise<{ questionsFile: string; asked: string[] }> {
  const { questions } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
  const asked = questions.filter((question) => !question.followUpOf).map((question) => question.question);
  const questionsFile = path.join(workDir, "load-questions.json");
  await writeFile(questionsFile, JSON.stringify(asked));
  return { questionsFile, asked };
}

/**
 * The real server in its own process, loaded by Socket.IO clients from another process, then by autocannon over HTTP.
 */
async function serverLoad(indexDir: string): Promise<LoadResult> {
  const { questionsFile, asked } = await loadQuestions();

  const server = await startBenchServer(indexDir);
  const { url, rss } = server;
  try {
    const idle = await rss();
    const socket: LoadResult["socket"] = [];
    for (const clients of clientCounts) {
      log(`[load] ${clients} Socket.IO clients for ${loadSeconds} s…`);
      const stats = await runChild<LoadResult["socket"][number]>(
        "load-clients.ts",
        [url, String(clients), String(loadSeconds), questionsFile],
        { timeoutMs: (loadSeconds + 90) * 1000 },
      );
      socket.push({ ...stats, serverRss: await rss() });
    }
    log(`[load] autocannon POST /api/ask, 50 connections for ${loadSeconds} s…`);
    let next = 0;
    const http = await autocannon({
      url: `${url}/api/ask`,
      connections: 50,
      duration: loadSeconds,
      requests: [
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ question: asked[next++ % asked.length] }) }),
        },
      ],
    });
    return {
      idleServerRss: idle.rss,
      socket,
      http: {
        connections: 50,
        seconds: loadSeconds,
        requestsPerSec: http.requests.average,
        latencyMs: { p50: http.latency.p50, p97_5: http.latency.p97_5, p99: http.latency.p99 },
        non2xx: http.non2xx,
        errors: http.errors,
        timeouts: http.timeouts,
      },
      finalServerRss: await rss(),
    };
  } finally {
    await server.stop();
  }
}

async function addPages(size: number, indexDir: string): Promise<NonNullable<SizeResult["addPage"]>> {
  const pagesDir = path.join(workDir, `new-pages-${size}`);
  await generateNewPages(seedsDir, pagesDir, ADDED_PAGES);
  const addPage = await runChild<NonNullable<SizeResult["addPage"]>>(
    "add-page-child.ts",
    [indexDir, pagesDir],
    largeCorpus(size),
  );
  log(`[${size}×] one page added in ${Math.round(addPage.addMs.p50)} ms (median of ${addPage.addMs.n})`);
  return addPage;
}
