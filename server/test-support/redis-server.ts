// A real Redis for a test: Debian's redis-server on a free loopback port, in a
// temporary folder, never a shared instance. It can be stopped and started
// again on the same port (Redis going away and coming back) and is removed
// with its folder at the end.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export const REDIS_SERVER = "redis-server";

/**
 * Whether the Redis tests can run. Locally a missing redis-server skips them with the reason; in CI
 * (CI=true) it is a failure, so this tier cannot vanish from a green run.
 */
export function redisAvailable(suite: string): boolean {
  if (spawnSync(REDIS_SERVER, ["--version"], { stdio: "ignore" }).status === 0) return true;
  const reason = `no ${REDIS_SERVER} on PATH (Debian package "redis-server"; .ci/run installs it)`;
  if (process.env.CI === "true") throw new Error(`[${suite}] cannot run in CI: ${reason}.`);
  console.warn(`[${suite}] skipped: ${reason}.`);
  return false;
}

export interface TestRedis {
  url: string;
  port: number;
  /** The running redis-server's process id (undefined while stopped), e.g. to read its CPU time. */
  readonly pid: number | undefined;
  /** Stop the server (SIGKILL: it goes away as in a crash); `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stop it and remove its folder. */
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<TestRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "test-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = await launch(port, dir);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid;
    },
    stop,
    start,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** redis-server in the foreground, no persistence; resolves once it accepts connections. */
function launch(port: number, dir: string): Promise<ChildProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"];
  const child = spawn(REDIS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners("data");
        child.stdout?.resume();
        resolve(child);
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
  });
}
