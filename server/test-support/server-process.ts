// A real server in its own process (serve-child.ts: what `npm start` runs), for
// tests of several processes sharing Redis: started with the environment the
// test gives, ready once it logs "ready" with its URL, and stopped gracefully or
// killed with SIGKILL like a crash.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "../config.js";

export interface ServerProcess {
  url: string;
  pid: number;
  /** Every line it printed so far (JSON log lines). */
  lines: string[];
  /** SIGKILL: no shutdown, no goodbye to Redis or the clients. */
  kill(): Promise<void>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

const CHILD = path.join(PROJECT_ROOT, "server/test-support/serve-child.ts");

export function startServerProcess(env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`no "ready" line within ${readyTimeoutMs} ms`), readyTimeoutMs);
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`server process: ${reason}\n${lines.join("\n")}`));
    };
    collectLines(child, lines, (line) => {
      const event = parseLine(line);
      if (event?.event !== "ready" || typeof event.url !== "string") return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve(handle(child, event.url, lines));
    });
    child.once("exit", (code, signal) => fail(`exited (${signal ?? code}) before it was ready`));
  });
}

function handle(child: ChildProcess, url: string, lines: string[]): ServerProcess {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const send = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, pid: child.pid ?? 0, lines, kill: () => send("SIGKILL"), stop: () => send("SIGTERM") };
}

function collectLines(child: ChildProcess, lines: string[], onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let pending = "";
    stream?.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split("\n");
      pending = complete.pop() ?? "";
      for (const line of complete) {
        lines.push(line);
        onLine(line);
      }
    });
  }
}

function parseLine(line: string): { event?: string; url?: unknown } | undefined {
  try {
    return JSON.parse(line) as { event?: string; url?: unknown };
  } catch {
    return undefined;
  }
}
