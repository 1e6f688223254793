// Small helpers shared by the benchmark scripts.
import { spawn } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { itemAt } from "../ingest/indexed.js";

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentiles, rounded to 0.1 ms. */
export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((left, right) => left - right);
  const at = (p: number) =>
    sorted.length === 0
      ? NaN
      : Math.round(itemAt(sorted, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)) * 10) / 10;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99) };
}

export async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await directoryBytes(full) : (await stat(full)).size;
  }
  return total;
}

/** Peak resident set of this process in bytes (Linux reports maxRSS in KiB). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Run a bench script in its own Node process (so its peak memory is its own)
 * and parse the JSON it prints on its last stdout line. stderr passes through (progress).
 */
export function runChild<T>(
  script: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; heapMb?: number } = {},
): Promise<T> {
  const heap = options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...heap, "--import", "tsx", path.join(BENCH_DIR, script), ...args], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, ...options.env },
    });
    let out = "";
    child.stdout.on("data", (data: Buffer) => (out += data.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 15 * 60_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`${script} exited with ${code ?? signal}: ${last.slice(0, 500)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result: ${last.slice(0, 500)}`));
      }
    });
  });
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
