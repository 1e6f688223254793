// `tsx bench/load-index.ts <indexDir>`: time to open an index as the server does (checksums,
// tables, graph, deltas) and the resident memory after, in a fresh process.
import { embedderSettings, loadConfig } from "../server/config.js";
import { openSearchIndex } from "../server/retrieval.js";
import { mb } from "./stats.js";

const [indexDir] = process.argv.slice(2);
if (!indexDir) throw new Error("usage: load-index.ts <indexDir>");
const started = performance.now();
const index = await openSearchIndex(indexDir, embedderSettings(loadConfig()));
const loadMs = Math.round(performance.now() - started);
console.log(JSON.stringify({ chunks: index.chunks.length, loadMs, rssMiB: mb(process.memoryUsage().rss) }));
