// `npm start`: validate the configuration, build the web client if its build is
// missing, ingest seeds/ if the index is missing or stale, then serve the chat,
// the REST API and Socket.IO on one port: in this process, or with WORKERS=N in
// N worker processes behind a primary that only listens (server/cluster.ts).
import { spawnSync } from "node:child_process";
import cluster from "node:cluster";
import { existsSync } from "node:fs";
import path from "node:path";
import { IngestError } from "../ingest/errors.js";
import { runServer } from "./cluster.js";
import { ConfigError, loadConfig, LOOPBACK_HOSTS, PROJECT_ROOT, type Config } from "./config.js";
import { createLogger } from "./logger.js";
import { RedisUnreachableError } from "./redis/shared-state.js";
import { ensureIndex } from "./start-index.js";

const CLIENT_DIR = path.join(PROJECT_ROOT, "client", "dist");

function buildClientIfMissing(): void {
  if (existsSync(path.join(CLIENT_DIR, "index.html"))) return;
  console.log("Building the web client (first start)…");
  const result = spawnSync("npm", ["run", "build:client"], { cwd: PROJECT_ROOT, stdio: "inherit" });
  if (result.status !== 0)
    console.warn("The web client could not be built; the API still runs. Run `npm run build:client` to see why.");
}

function warnIfExposed(config: Config): void {
  const loopback = ["127.0.0.1", "localhost", "::1"].includes(config.host) || config.host.startsWith("127.");
  if (!loopback && !config.accessToken) {
    console.warn(
      `\n${"!".repeat(72)}\n  WARNING: listening on ${config.host} without ACCESS_TOKEN.\n  Anyone who can reach this machine can use the assistant.\n  Set ACCESS_TOKEN=<a long random string> to require a token.\n${"!".repeat(72)}\n`,
    );
  }
  if (!loopback && config.allowedHosts === LOOPBACK_HOSTS) {
    console.warn(
      `Note: only ${LOOPBACK_HOSTS.join(", ")} are answered; set ALLOWED_HOSTS to the names this machine is reached by.`,
    );
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  // A cluster worker only serves: its primary prepared the client and the index.
  if (cluster.isPrimary) {
    warnIfExposed(config);
    buildClientIfMissing();
    // The database is filled by `DATABASE_URL=… npm run ingest`, once for every server; nothing goes to INDEX_DIR.
    if (!config.databaseUrl) await ensureIndex(config);
  }
  await runServer(config, { logger: createLogger(), clientDir: CLIENT_DIR });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof IngestError || error instanceof RedisUnreachableError) {
    console.error(error.message);
  } else if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    console.error(`Port in use: ${(error as Error).message}. Set PORT to a free port.`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
