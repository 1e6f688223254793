// Child process: the real server (createApp with the real assistant, extractive
// answers, the worker pool as npm start has it) on 127.0.0.1, port 0, with rate
// limits and connection caps high enough for load tests from one address.
// Prints `{"port": n}` once listening; answers "rss" messages over IPC; exits on "stop".
import type { AddressInfo } from "node:net";
import { createApp } from "../server/http/app.js";
import { openAssistant } from "../server/assistant.js";
import { loadConfig } from "../server/config.js";
import { PooledBriefer } from "../server/briefing/pooled-briefer.js";
import { silentLogger } from "../server/logger.js";
import { openSqliteStore } from "../server/store/sqlite.js";
import { WorkPool } from "../server/work-pool.js";
import { itemAt } from "../ingest/indexed.js";

const indexDir = itemAt(process.argv, 2);
const config = loadConfig({
  ...process.env,
  INDEX_DIR: indexDir,
  RATE_LIMIT_PER_MIN: "100000000",
  MAX_CONNECTIONS_PER_ADDRESS: "5000",
  MAX_CONNECTIONS: "5000",
});
const pool = new WorkPool(config.work);
const assistant = await openAssistant(config, { mode: "extractive", pool });
if (assistant.briefer instanceof PooledBriefer) await assistant.briefer.warmUp();
// A throwaway store: the load test measures answering (each answer is still recorded, as in production).
const app = createApp({ config, assistant, store: openSqliteStore(":memory:"), logger: silentLogger });
await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
let peakRss = process.memoryUsage().rss;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();
process.on("message", (message) => {
  if (message === "rss")
    process.send?.({ rss: process.memoryUsage().rss, peakRss: Math.max(peakRss, process.memoryUsage().rss) });
  if (message === "stop") void app.close(1000).then(() => pool.close().finally(() => process.exit(0)));
});
console.log(JSON.stringify({ port: (app.httpServer.address() as AddressInfo).port }));
