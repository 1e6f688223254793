// Child process: the real server (createApp with the real assistant, extractive
// answers) on 127.0.0.1, port 0, with a rate limit high enough for load tests.
// Prints `{"port": n}` once listening; answers "rss" messages over IPC; exits on "stop".
import type { AddressInfo } from "node:net";
import { createApp } from "../server/app.js";
import { openAssistant } from "../server/assistant.js";
import { loadConfig } from "../server/config.js";
import { silentLogger } from "../server/logger.js";
import { openSqliteStore } from "../server/store/sqlite.js";

const indexDir = process.argv[2]!;
const config = loadConfig({ ...process.env, INDEX_DIR: indexDir, RATE_LIMIT_PER_MIN: "100000000" });
const assistant = await openAssistant(config, { mode: "extractive" });
// A throwaway store: the load test measures answering (each answer is still recorded, as in production).
const app = createApp({ config, assistant, store: openSqliteStore(":memory:"), logger: silentLogger });
await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
let peakRss = process.memoryUsage().rss;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();
process.on("message", (message) => {
  if (message === "rss") process.send?.({ rss: process.memoryUsage().rss, peakRss: Math.max(peakRss, process.memoryUsage().rss) });
  if (message === "stop") void app.close(1000).then(() => process.exit(0));
});
console.log(JSON.stringify({ port: (app.httpServer.address() as AddressInfo).port }));
