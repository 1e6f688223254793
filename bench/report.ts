// The benchmark result's shape and its Markdown rendering (printed, saved, pasted into the README).
import type { Percentiles } from "./stats.js";
import { mb } from "./stats.js";
import { storeRetrievalTable, type StoreRetrievalRow } from "./store-retrieval.js";
import { workersTable } from "./workers-report.js";
import type { WorkersResult } from "./workers-types.js";
import type { BaselineResult } from "./baselines.js";

export interface SizeResult {
  size: number;
  markers: number;
  indexDir: string;
  ingest: {
    files: number;
    articles: number;
    chunks: number;
    corpusBytes: number;
    ms: number;
    stageMs: Record<string, number>;
    articlesPerSec: number;
    chunksPerSec: number;
    mbPerSec: number;
    peakRssBytes: number;
    indexBytes: number;
    hnsw: { m: number; efConstruction: number; efSearch: number };
    dimensions: number;
    /** false: built without vectors (LOCAL_VECTOR_LIMIT); absent in runs before the limit existed. */
    vectors?: boolean;
  };
  /** Pages added one at a time to the built index through the live store (bench/add-page-child.ts). */
  addPage?: {
    pages: number;
    openMs: number;
    addMs: Percentiles;
    /** A new answerer over the changed snapshot and its first answer (absent in runs before 2026-12-02). */
    firstAnswerMs?: Percentiles;
    chunksPerPage: number;
    /** Removing the last page added. */
    removeMs: number;
    /** Removing a page of the full build (absent in runs before 2026-12-02's second). */
    removeBuiltMs?: number;
    answered: number;
  };
  query: {
    loadMs: number;
    rssAfterLoadBytes: number;
    peakRssBytes: number;
    hnsw: { m: number; efConstruction: number; efSearch: number };
    chunks: number;
    evalQuestions: number;
    evalRecallAt5: number;
    markerQuestions: number;
    markerRecallAt5: number | null;
    markerAnswerAccuracy: number | null;
    retrieveMs: Percentiles;
    answerMs: Percentiles;
    sweep: Array<{ efSearch: number; vectorRecallAt5: number; hybridRecallAt5: number; vectorSearchMs: Percentiles }>;
    baseline?: BaselineResult;
  };
}

export interface SocketLoad {
  clients: number;
  seconds: number;
  answers: number;
  answersPerSec: number;
  errors: number;
  errorCodes: Record<string, number>;
  lost: number;
  firstTokenMs: Percentiles;
  doneMs: Percentiles;
  serverRss: { rss: number; peakRss: number };
}

export interface LoadResult {
  idleServerRss: number;
  socket: SocketLoad[];
  http: {
    connections: number;
    seconds: number;
    requestsPerSec: number;
    latencyMs: { p50: number; p97_5: number; p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
  };
  finalServerRss: { rss: number; peakRss: number };
}

export interface BenchResult {
  startedAt: string;
  quick: boolean;
  totalSeconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  seedBytes: number;
  sizes: SizeResult[];
  load?: LoadResult;
  /** The same server and clients on the largest index up to 1000× (absent in runs before 2026-12-02's second). */
  loadAtScale?: {
    size: number;
    idleServerRss: number;
    /** The unmeasured round before (absent in the first run with this table). */
    warmUp?: { seconds: number; answers: number; doneP99Ms: number };
    socket: LoadResult["socket"];
  };
  /** Several processes (WORKERS on Redis) and the database store against the local one. */
  scale?: { workers?: WorkersResult; store: StoreRetrievalRow[] };
  /** Set by `npm run readme`: the start of the earlier run a part this run skipped was taken from. */
  borrowed?: { load?: string; scale?: string };
}

const pct = (value: number | null) => (value === null ? "–" : value.toFixed(3));
const ms = (p: Percentiles) => `${p.p50} / ${p.p95} / ${p.p99}`;

export function renderMarkdown(result: BenchResult): string {
  const lines = [
    ...headerLines(result),
    ...ingestLines(result),
    ...retrievalLines(result),
    ...sweepLines(result),
    ...baselineLines(result),
    ...scaleLines(result.scale),
  ];
  return [
    ...lines,
    ...(result.load ? loadLines(result.load) : [""]),
    ...(result.loadAtScale ? loadAtScaleLines(result.loadAtScale) : []),
  ].join("\n");
}

function headerLines(result: BenchResult): string[] {
  const { machine } = result;
  const hnsw = result.sizes[0]?.ingest.hnsw;
  return [
    `### Benchmark ${result.startedAt}${result.quick ? " (--quick)" : ""}`,
    "",
    `Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}. ` +
      `Local embedder ${result.sizes[0]?.ingest.dimensions ?? "?"} dims; hnswlib M=${hnsw?.m}, efConstruction=${hnsw?.efConstruction}, efSearch=${hnsw?.efSearch}. Whole run ${result.totalSeconds} s.`,
    "",
    ...borrowedLines(result.borrowed),
  ];
}

function borrowedLines(borrowed: BenchResult["borrowed"]): string[] {
  const parts = [
    borrowed?.load && `the server load tables from the run of ${borrowed.load}`,
    borrowed?.scale && `the several-processes and database-store tables from the run of ${borrowed.scale}`,
  ].filter(Boolean);
  return parts.length > 0 ? [`This run skipped some parts; below are ${parts.join(", and ")}.`, ""] : [];
}

/** The ingest table, adding a page to the live index, and the ingest stages. */
/** The add-page columns after "full ingest s" (the bench's table and bench/add-page.ts print them). */
export function addPageCells(addPage: NonNullable<SizeResult["addPage"]>): string {
  const { addMs, firstAnswerMs } = addPage;
  const firstAnswer = firstAnswerMs ? `${Math.round(firstAnswerMs.p50)} / ${Math.round(firstAnswerMs.p99)}` : "–";
  return `${Math.round(addMs.p50)} / ${Math.round(addMs.p99)} (${addMs.n}) | ${firstAnswer} | ${addPage.chunksPerPage} | ${addPage.removeMs} / ${addPage.removeBuiltMs ?? "–"} | ${addPage.answered}/${addPage.pages}`;
}

function ingestLines(result: BenchResult): string[] {
  return [
    "**Ingest and index** (1× = the five seed pages, " +
      `${(result.seedBytes / 1024).toFixed(0)} KB; N× = seeds + synthetic pages)`,
    "",
    "| size | MB | articles | chunks | ingest s | articles/s | chunks/s | MB/s | peak RSS MB | index MB | load ms | RSS loaded MB |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...result.sizes.map(
      ({ size, ingest, query }) =>
        `| ${size}× | ${mb(ingest.corpusBytes)} | ${ingest.articles} | ${ingest.chunks} | ${(ingest.ms / 1000).toFixed(1)} | ${ingest.articlesPerSec} | ${ingest.chunksPerSec} | ${ingest.mbPerSec} | ${mb(ingest.peakRssBytes)} | ${mb(ingest.indexBytes)} | ${query.loadMs} | ${mb(query.rssAfterLoadBytes)} |`,
    ),
    "",
    "**Adding a page to the live index** (fresh pages uploaded one at a time through the store after the full ingest; no re-embedding of the rest)",
    "",
    "| size | full ingest s | add one page ms p50 / max (n) | then its first answer ms p50 / max | chunks per page | remove ms: the last page added / a page of the build | answered at once |",
    "|---|---|---|---|---|---|---|",
    ...result.sizes.flatMap(({ size, ingest, addPage }) =>
      addPage ? [`| ${size}× | ${(ingest.ms / 1000).toFixed(1)} | ${addPageCells(addPage)} |`] : [],
    ),
    "",
    "Ingest stages (ms): " +
      result.sizes
        .map(
          ({ size, ingest }) =>
            `${size}× ${Object.entries(ingest.stageMs)
              .map(([stage, value]) => `${stage} ${value}`)
              .join(", ")}`,
        )
        .join("; "),
    "",
  ];
}

function retrievalLines(result: BenchResult): string[] {
  return [
    "**Retrieval and extractive answers** (in-process, after warm-up; eval = answerable eval questions, markers = planted facts)",
    "",
    "| size | retrieval | retrieve p50 / p95 / p99 ms | answer p50 / p95 / p99 ms | eval article recall@5 | marker recall@5 | marker answered |",
    "|---|---|---|---|---|---|---|",
    ...result.sizes.map(
      ({ size, ingest, query }) =>
        `| ${size}× | ${ingest.vectors === false ? "BM25 (no vectors)" : "hybrid"} | ${ms(query.retrieveMs)} | ${ms(query.answerMs)} | ${pct(query.evalRecallAt5)} | ${pct(query.markerRecallAt5)} (${query.markerQuestions}) | ${pct(query.markerAnswerAccuracy)} |`,
    ),
  ];
}

function sweepLines(result: BenchResult): string[] {
  const lines: string[] = [];
  const swept = result.sizes.findLast((size) => size.query.sweep.length > 0);
  if (swept) {
    lines.push(
      "",
      `**efSearch sweep at ${swept.size}×** (${swept.query.chunks} chunks, ${swept.query.markerQuestions} marker questions)`,
      "",
      "| efSearch | vector-only recall@5 | hybrid recall@5 | vector search p50 / p95 / p99 ms |",
      "|---|---|---|---|",
    );
    for (const row of swept.query.sweep)
      lines.push(
        `| ${row.efSearch} | ${pct(row.vectorRecallAt5)} | ${pct(row.hybridRecallAt5)} | ${ms(row.vectorSearchMs)} |`,
      );
  }
  return lines;
}

/** Ours beside the stock engines, per size they ran at, with ratios (ours ÷ theirs). */
function baselineLines(result: BenchResult): string[] {
  const measured = result.sizes.filter((size) => size.query.baseline?.systems);
  if (measured.length === 0) return [];
  const lines = [
    "",
    "**Stock engines beside ours**: LangChain from stock parts (RecursiveCharacterTextSplitter 200/40 + the same local embedder + HNSWLib defaults + BM25Retriever + EnsembleRetriever) and Orama 3 (hybrid search over our chunks, our jieba tokenizer and our embedder's vectors); eval answerable questions (article recall@5) and planted markers (passage recall@5); retrieve times over both",
    "",
    "| size | system | chunks | build s | eval article recall@5 | marker recall@5 | retrieve p50 / p95 / p99 ms | ours ÷ theirs: p50, p95 |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const { size, query } of measured) {
    const systems = query.baseline?.systems ?? [];
    const ours = systems[0];
    for (const system of systems) {
      const ratio =
        ours && system !== ours
          ? `${ratioOf(ours.retrieveMs.p50, system.retrieveMs.p50)}, ${ratioOf(ours.retrieveMs.p95, system.retrieveMs.p95)}`
          : "—";
      const marker = system.markerRecallAt5 === null ? "—" : pct(system.markerRecallAt5);
      const build = system === ours ? "(the ingest)" : (system.buildMs / 1000).toFixed(1);
      lines.push(
        `| ${size}× | ${system.name} | ${system.chunks} | ${build} | ${pct(system.evalRecallAt5)} | ${marker} | ${ms(system.retrieveMs)} | ${ratio} |`,
      );
    }
  }
  return lines;
}

function ratioOf(left: number, right: number): number {
  return Math.round((left / right) * 100) / 100;
}

function socketRows(socket: LoadResult["socket"]): string[] {
  return [
    "| clients | s | answers | answers/s | errors | first token p50 / p95 / p99 ms | done p50 / p95 / p99 ms | server peak RSS MB |",
    "|---|---|---|---|---|---|---|---|",
    ...socket.map(
      (row) =>
        `| ${row.clients} | ${row.seconds} | ${row.answers} | ${row.answersPerSec} | ${row.errors}${row.errors ? ` ${JSON.stringify(row.errorCodes)}` : ""} | ${ms(row.firstTokenMs)} | ${ms(row.doneMs)} | ${mb(row.serverRss.peakRss)} |`,
    ),
  ];
}

function loadAtScaleLines(load: NonNullable<BenchResult["loadAtScale"]>): string[] {
  return [
    `**Server load at ${load.size}×** (the same server, one process, on the ${load.size}× index the run built; idle server RSS ${mb(load.idleServerRss)} MB${load.warmUp ? `; after an unmeasured warm-up of ${load.warmUp.seconds} s with 10 clients: ${load.warmUp.answers} answers, done p99 ${Math.round(load.warmUp.doneP99Ms)} ms while the worker opened its index` : ""})`,
    "",
    ...socketRows(load.socket),
    "",
  ];
}

function loadLines(load: LoadResult): string[] {
  return [
    "",
    `**Server load** (real server in its own process on the 1× index, clients in another process on loopback, questions back to back with no think time; idle server RSS ${mb(load.idleServerRss)} MB)`,
    "",
    ...socketRows(load.socket),
    "",
    `HTTP \`POST /api/ask\` (autocannon, ${load.http.connections} connections, ${load.http.seconds} s): ${load.http.requestsPerSec} req/s, latency p50 ${load.http.latencyMs.p50} / p97.5 ${load.http.latencyMs.p97_5} / p99 ${load.http.latencyMs.p99} ms, non-2xx ${load.http.non2xx}, errors ${load.http.errors}, timeouts ${load.http.timeouts}. Server peak RSS ${mb(load.finalServerRss.peakRss)} MB.`,
    "",
  ];
}

function scaleLines(scale: BenchResult["scale"]): string[] {
  if (!scale) return [];
  const lines: string[] = [];
  if (scale.workers) {
    const title = "**Several server processes** (`WORKERS` on Redis; real servers, clients in another process)";
    lines.push("", title, "", workersTable(scale.workers));
  }
  if (scale.store.length > 0) {
    const title =
      "**Retrieval from the database store** (PostgreSQL + pgvector: PGlite over TCP) vs the local store, " +
      "eval questions";
    lines.push("", title, "", storeRetrievalTable(scale.store));
  }
  return lines;
}
