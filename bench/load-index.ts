// `tsx bench/load-index.ts <indexDir>`: time to open an index as the server does (checksums,
// tables, graph, deltas), the CPU time it took, and the resident memory after, in a fresh process.
import { embedderSettings, loadConfig } from "../server/config.js";
import { openSearchIndex } from "../server/retrieval/retriever.js";
import { mb } from "./stats.js";

const [indexDir] = process.argv.slice(2);
if (!indexDir) throw new Error("usage: load-index.ts <indexDir>");
const started = performance.now();
const cpuBefore = process.cpuUsage();
const index = await openSearchIndex(indexDir, embedderSettings(loadConfig()));
const loadMs = Math.round(performance.now() - started);
// CPU time of the whole process (the checksum workers and hnswlib's reading thread too): on a
// shared machine wall time also counts other work's turns on the cores.
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
console.log(JSON.stringify({ chunks: index.chunks.length, loadMs, cpuMs, rssMiB: mb(process.memoryUsage().rss) }));
