// `npm start`: validate the configuration, build the web client if its build is
// missing, ingest seeds/ if the index is missing or stale, then serve the chat,
// the REST API and Socket.IO on one port. Only this file listens.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { IngestError } from "../ingest/errors.js";
import { runIngest } from "../ingest/pipeline.js";
import { createApp } from "./app.js";
import { openAssistant } from "./assistant.js";
import { ConfigError, embedderSettings, loadConfig, PROJECT_ROOT, type Config } from "./config.js";
import { createLogger } from "./logger.js";
import { openStore } from "./store/open-store.js";

const CLIENT_DIR = path.join(PROJECT_ROOT, "client", "dist");
const SHUTDOWN_GRACE_MS = 10_000;

function buildClientIfMissing(): void {
  if (existsSync(path.join(CLIENT_DIR, "index.html"))) return;
  console.log("Building the web client (first start)…");
  const result = spawnSync("npm", ["run", "build:client"], { cwd: PROJECT_ROOT, stdio: "inherit" });
  if (result.status !== 0) console.warn("The web client could not be built; the API still runs. Run `npm run build:client` to see why.");
}

async function ensureIndex(config: Config): Promise<void> {
  const summary = await runIngest({ seedsDir: config.seedsDir, indexDir: config.indexDir, embedder: embedderSettings(config), hnsw: config.hnsw });
  if (!summary.upToDate) console.log(`Indexed ${summary.files} files, ${summary.articles} articles, ${summary.chunks} chunks in ${summary.ms} ms.`);
}

function warnIfExposed(config: Config): void {
  const loopback = ["127.0.0.1", "localhost", "::1"].includes(config.host) || config.host.startsWith("127.");
  if (!loopback && !config.accessToken) {
    console.warn(
      `\n${"!".repeat(72)}\n  WARNING: listening on ${config.host} without ACCESS_TOKEN.\n  Anyone who can reach this machine can use the assistant.\n  Set ACCESS_TOKEN=<a long random string> to require a token.\n${"!".repeat(72)}\n`,
    );
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  warnIfExposed(config);
  buildClientIfMissing();
  await ensureIndex(config);
  const assistant = await openAssistant(config);
  const store = openStore(config);
  const app = createApp({ config, assistant, store, clientDir: CLIENT_DIR, logger: createLogger() });
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once("error", reject);
    app.httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = app.httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  console.log(`Assistant ready (${assistant.answerer.mode} answers) at http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing answers in flight (up to ${SHUTDOWN_GRACE_MS / 1000} s), then stopping.`);
    app.close(SHUTDOWN_GRACE_MS).then(
      () => store.close().then(() => process.exit(0)),
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
