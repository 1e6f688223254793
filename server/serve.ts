// One server process: the shared state the configuration names (Redis with
// REDIS_URL, else this process), the worker pool, the assistant and the app,
// listening on PORT, or, as a cluster worker, taking the connections the
// primary hands over (server/cluster.ts). start.ts and the test and bench
// children all serve through here.
import { setupWorker } from "@socket.io/sticky";
import type { Server as HttpServer } from "node:http";
import { createApp, type App } from "./http/app.js";
import { openAssistant } from "./assistant.js";
import { PooledBriefer } from "./briefing/pooled-briefer.js";
import type { Config } from "./config.js";
import { routeConsoleTo } from "./console-logging.js";
import type { Logger } from "./logger.js";
import { redisSharedState } from "./redis/shared-state.js";
import { memorySharedState, type SharedState } from "./shared-state.js";
import { openStore } from "./store/open-store.js";
import { WorkPool } from "./work-pool.js";

export const SHUTDOWN_GRACE_MS = 10_000;
const INDEX_WATCH_MS = 2_000;
/** What a cluster worker tells the primary once it serves. */
export const WORKER_READY = "cluster:worker-ready";

export interface ServeOptions {
  logger: Logger;
  clientDir?: string;
  /** A cluster worker: the primary listens and passes connections on (sticky sessions); it does not listen. */
  clusterWorker?: boolean;
}

export interface Served {
  app: App;
  /** Where it listens; undefined for a cluster worker. */
  url?: string;
  /** Finish answers in flight (up to SHUTDOWN_GRACE_MS), then close the app, pool, tool store and shared state. */
  close(): Promise<void>;
}

function openSharedState(config: Config, logger: Logger): Promise<SharedState> {
  if (!config.redis) return Promise.resolve(memorySharedState({ conversationTtlMs: config.conversationTtlMs }));
  return redisSharedState({ ...config.redis, conversationTtlMs: config.conversationTtlMs, logger });
}

export async function serve(config: Config, options: ServeOptions): Promise<Served> {
  const { logger } = options;
  const shared = await openSharedState(config, logger);
  const pool = new WorkPool(config.work);
  let assistant: Awaited<ReturnType<typeof openAssistant>>;
  try {
    assistant = await openAssistant(config, { pool, warn: (message) => logger.warn("library", { message }) });
    if (assistant.briefer instanceof PooledBriefer) await assistant.briefer.warmUp();
  } catch (error) {
    // No corpus (or no database): give back Redis and the threads, so the caller's message is the last word.
    await Promise.allSettled([pool.close(), shared.close()]);
    throw error;
  }
  // Versions written by `npm run ingest` (or by another server process) are picked up within seconds.
  assistant.library.watch(INDEX_WATCH_MS);
  const sources = { library: assistant.library, adminToken: config.adminToken, uploadMaxBytes: config.uploadMaxBytes };
  // Feedback, recorded answers and saved briefings: one SQLite file in DATA_DIR, opened by each process
  // (WAL and a busy timeout let the cluster's workers share it); per machine, not shared across machines.
  const store = openStore(config);
  const app = createApp({ config, assistant, store, clientDir: options.clientDir, logger, shared, sources });
  const close = async () => {
    await Promise.all([app.close(SHUTDOWN_GRACE_MS), assistant.library.close()]);
    await Promise.allSettled([store.close(), pool.close(), shared.close()]);
  };
  const url = options.clusterWorker ? undefined : await listen(app.httpServer, config);
  if (options.clusterWorker) {
    setupWorker(app.io);
    process.send?.({ type: WORKER_READY });
  }
  // From here on every line of output is JSON, library output included.
  routeConsoleTo(logger);
  const fields = {
    mode: assistant.answerer.mode,
    workerThreads: config.work.threads,
    adapter: shared.health().kind,
    pid: process.pid,
  };
  logger.info("ready", { url, ...fields, message: url ? `Assistant ready at ${url}` : "worker ready" });
  return { app, url, close };
}

/** Listen on HOST:PORT; resolves to the URL (with the port chosen when PORT=0). */
export async function listen(httpServer: HttpServer, config: Pick<Config, "host" | "port">): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  return `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
}

/** Stop gracefully on SIGTERM / SIGINT: exit 0 once closed, 1 if closing failed. */
export function stopOnSignals(served: Served, logger: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", {
      signal,
      graceMs: SHUTDOWN_GRACE_MS,
      message: "finishing answers in flight, then stopping",
    });
    served.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
