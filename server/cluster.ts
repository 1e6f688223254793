// WORKERS=N: N server processes on one machine behind one port (node:cluster).
// The primary only listens and hands each connection to a worker, with sticky
// sessions (@socket.io/sticky): the requests of one Socket.IO session, HTTP
// long-polling included, reach the worker that holds it. Workers share
// conversations, rate limits and broadcasts through Redis (REDIS_URL is
// required, config.ts checks). A worker that dies is replaced; one that fails
// to start stops the whole server with its reason.
import { setupMaster as setupStickyPrimary } from "@socket.io/sticky";
import cluster, { type Worker } from "node:cluster";
import { createServer } from "node:http";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import { listen, serve, SHUTDOWN_GRACE_MS, stopOnSignals, WORKER_READY } from "./serve.js";

/** A worker that dies is replaced after this wait (a crash loop then costs little). */
const RESPAWN_DELAY_MS = 1000;

/**
 * Serve until stopped by a signal: in this process (WORKERS=1), as the primary of WORKERS processes,
 * or as one of its workers. The caller has prepared the index (and the client build).
 */
export async function runServer(config: Config, options: { logger: Logger; clientDir?: string }): Promise<void> {
  const { logger } = options;
  if (cluster.isWorker) stopOnSignals(await serve(config, { ...options, clusterWorker: true }), logger);
  else if (config.workers > 1) await runPrimary(config, logger);
  else stopOnSignals(await serve(config, options), logger);
}

async function runPrimary(config: Config, logger: Logger): Promise<void> {
  // Buffers (the first bytes of each connection) cross to the workers intact only with this serialization.
  cluster.setupPrimary({ serialization: "advanced" });
  const httpServer = createServer();
  setupStickyPrimary(httpServer, { loadBalancingMethod: "round-robin" });
  let stopping = false;
  await startWorkers(config.workers, logger, () => stopping);
  const url = await listen(httpServer, config);
  logger.info("ready", {
    url,
    workers: config.workers,
    pid: process.pid,
    message: `Assistant ready at ${url} (${config.workers} workers)`,
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { signal, graceMs: SHUTDOWN_GRACE_MS, message: "stopping the workers" });
    httpServer.close();
    const exitWhenAllGone = () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0);
    cluster.on("exit", exitWhenAllGone);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    exitWhenAllGone();
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS + 2000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/** Fork `count` workers; resolves once all serve. Later exits are replaced; one during start-up fails it. */
function startWorkers(count: number, logger: Logger, isStopping: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const ready = new Set<number>();
    let starting = true;
    const fork = () => {
      const worker: Worker = cluster.fork();
      worker.on("message", (message: { type?: string } | undefined) => {
        if (message?.type !== WORKER_READY) return;
        ready.add(worker.id);
        if (starting && ready.size === count) {
          starting = false;
          resolve();
        }
      });
    };
    cluster.on("exit", (worker, code, signal) => {
      ready.delete(worker.id);
      if (isStopping()) return;
      if (starting) {
        starting = false;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGKILL");
        reject(new Error(`A worker process exited (${signal ?? code}) while starting; its output above says why.`));
        return;
      }
      logger.warn("worker_exit", {
        pid: worker.process.pid,
        code: code ?? undefined,
        signal: signal ?? undefined,
        message: "replacing it",
      });
      setTimeout(fork, RESPAWN_DELAY_MS).unref();
    });
    for (let i = 0; i < count; i++) fork();
  });
}
