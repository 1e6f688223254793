// `npm start`: validate the configuration, build the web client if its build is
// missing, ingest seeds/ if the index is missing or stale, then serve the chat,
// the REST API and Socket.IO on one port. Only this file listens.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { IngestError } from "../ingest/errors.js";
import { createApp } from "./app.js";
import { openAssistant } from "./assistant.js";
import { PooledBriefer } from "./briefing/pooled-briefer.js";
import { ConfigError, loadConfig, LOOPBACK_HOSTS, PROJECT_ROOT, type Config } from "./config.js";
import { routeConsoleTo } from "./console-logging.js";
import { createLogger } from "./logger.js";
import { ensureIndex } from "./start-index.js";
import { openStore } from "./store/open-store.js";
import { WorkPool } from "./work-pool.js";

const CLIENT_DIR = path.join(PROJECT_ROOT, "client", "dist");
const SHUTDOWN_GRACE_MS = 10_000;
const INDEX_WATCH_MS = 2_000;

function buildClientIfMissing(): void {
  if (existsSync(path.join(CLIENT_DIR, "index.html"))) return;
  console.log("Building the web client (first start)…");
  const result = spawnSync("npm", ["run", "build:client"], { cwd: PROJECT_ROOT, stdio: "inherit" });
  if (result.status !== 0) console.warn("The web client could not be built; the API still runs. Run `npm run build:client` to see why.");
}

function warnIfExposed(config: Config): void {
  const loopback = ["127.0.0.1", "localhost", "::1"].includes(config.host) || config.host.startsWith("127.");
  if (!loopback && !config.accessToken) {
    console.warn(
      `\n${"!".repeat(72)}\n  WARNING: listening on ${config.host} without ACCESS_TOKEN.\n  Anyone who can reach this machine can use the assistant.\n  Set ACCESS_TOKEN=<a long random string> to require a token.\n${"!".repeat(72)}\n`,
    );
  }
  if (!loopback && config.allowedHosts === LOOPBACK_HOSTS) {
    console.warn(`Note: only ${LOOPBACK_HOSTS.join(", ")} are answered; set ALLOWED_HOSTS to the names this machine is reached by.`);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  warnIfExposed(config);
  buildClientIfMissing();
  await ensureIndex(config);
  const pool = new WorkPool(config.work);
  const logger = createLogger();
  const assistant = await openAssistant(config, { pool, warn: (message) => logger.warn("library", { message }) });
  if (assistant.briefer instanceof PooledBriefer) await assistant.briefer.warmUp();
  // Versions written by `npm run ingest` while the server runs are picked up within seconds.
  assistant.library.watch(INDEX_WATCH_MS);
  const sources = { library: assistant.library, adminToken: config.adminToken, uploadMaxBytes: config.uploadMaxBytes };
  const store = openStore(config);
  const app = createApp({ config, assistant, store, clientDir: CLIENT_DIR, logger, sources });
  // From here on every line of output is JSON, library output included.
  routeConsoleTo(logger);
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once("error", reject);
    app.httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = app.httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  logger.info("ready", { url, mode: assistant.answerer.mode, workerThreads: config.work.threads, message: `Assistant ready at ${url}` });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { signal, graceMs: SHUTDOWN_GRACE_MS, message: "finishing answers in flight, then stopping" });
    Promise.all([app.close(SHUTDOWN_GRACE_MS), assistant.library.close()]).then(
      () => Promise.all([store.close(), pool.close()]).finally(() => process.exit(0)),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof IngestError) {
    console.error(error.message);
  } else if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    console.error(`Port in use: ${(error as Error).message}. Set PORT to a free port.`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
