// Answers/s of 1 vs 2 worker processes (WORKERS=N on REDIS_URL), and of the
// embedded default (one process, no Redis) for reference: the real server
// (server/test-support/serve-child.ts, what `npm start` runs) on the 1× index,
// a real redis-server, and N Socket.IO clients in another process asking back
// to back. Rounds alternate the settings, so a neighbour's load on the machine
// falls on all of them alike; medians are reported.
// `npx tsx bench/workers.ts [--seconds 10] [--clients 50] [--rounds 3]`
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readQuestionFile } from "../eval/questions.js";
import { runIngest } from "../ingest/pipeline.js";
import { embedderSettings, loadConfig, PROJECT_ROOT } from "../server/config.js";
import { startRedis } from "../server/test-support/redis-server.js";
import { startServerProcess } from "../server/test-support/server-process.js";
import { runChild } from "./stats.js";

interface LoadStats {
  /** CPU the server's processes (primary, workers and their threads) used, in cores, during the run. */
  serverCores?: number;
  answers: number;
  answersPerSec: number;
  errors: number;
  errorCodes: Record<string, number>;
  doneMs: { p50: number; p95: number; p99: number };
}

export interface WorkersResult {
  clients: number;
  seconds: number;
  rounds: number;
  /** Median answers/s and the errors summed over the rounds, per setting. */
  settings: Array<{ name: string; answersPerSec: number[]; median: number; errors: number; doneP95: number; serverCores: number }>;
  ratio: number;
}

const SETTINGS = [
  { name: "1 process, no Redis (embedded default)", env: {} },
  { name: "1 process, REDIS_URL", env: { redis: "yes" } },
  { name: "WORKERS=2, REDIS_URL", env: { WORKERS: "2", redis: "yes" } },
] as const;

/** CPU seconds (user + system, all threads) of a process and its descendants, from /proc (Linux). */
async function treeCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const own = (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  const ids = children.split(" ").filter((id) => id.trim() !== "").map(Number);
  return own + (await Promise.all(ids.map((id) => treeCpuSeconds(id)))).reduce((sum, value) => sum + value, 0);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const log = (line: string) => process.stderr.write(`${line}\n`);

export async function benchWorkers(options: {
  seconds: number;
  clients: number;
  rounds: number;
}): Promise<WorkersResult> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "bench-workers-"));
  const redis = await startRedis();
  try {
    const config = loadConfig({});
    const dataDir = path.join(workDir, "data");
    const indexDir = path.join(dataDir, "index");
    await runIngest({ seedsDir: config.seedsDir, indexDir, embedder: embedderSettings(config), hnsw: config.hnsw });
    const { questions } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
    const questionsFile = path.join(workDir, "questions.json");
    await writeFile(
      questionsFile,
      JSON.stringify(questions.filter((question) => !question.followUpOf).map((question) => question.question)),
    );
    const runs = new Map<string, LoadStats[]>(SETTINGS.map((setting) => [setting.name, []]));
    for (let round = 1; round <= options.rounds; round++) {
      for (const setting of SETTINGS) {
        const env: Record<string, string> = {
          DATA_DIR: dataDir,
          INDEX_DIR: indexDir,
          RATE_LIMIT_PER_MIN: "100000000",
          MAX_CONNECTIONS: "5000",
          MAX_CONNECTIONS_PER_ADDRESS: "5000",
          ...("redis" in setting.env ? { REDIS_URL: redis.url } : {}),
          ...("WORKERS" in setting.env ? { WORKERS: setting.env.WORKERS } : {}),
        };
        const server = await startServerProcess(env, 120_000);
        try {
          await runChild<LoadStats>("load-clients.ts", [server.url, String(options.clients), "2", questionsFile]); // warm-up
          const cpuBefore = await treeCpuSeconds(server.pid);
          const stats = await runChild<LoadStats>("load-clients.ts", [
            server.url,
            String(options.clients),
            String(options.seconds),
            questionsFile,
          ]);
          const cores = (await treeCpuSeconds(server.pid)) - cpuBefore;
          runs.get(setting.name)?.push({ ...stats, serverCores: Math.round((cores / options.seconds) * 100) / 100 });
          log(`[workers] round ${round}, ${setting.name}: ${stats.answersPerSec} answers/s, ${stats.errors} errors, ${(cores / options.seconds).toFixed(2)} server cores`);
        } finally {
          await server.stop();
        }
      }
    }
    const settings = SETTINGS.map(({ name }) => {
      const stats = runs.get(name) ?? [];
      const perSec = stats.map((run) => run.answersPerSec);
      return {
        name,
        answersPerSec: perSec,
        median: median(perSec),
        errors: stats.reduce((sum, run) => sum + run.errors, 0),
        doneP95: median(stats.map((run) => run.doneMs.p95)),
        serverCores: median(stats.map((run) => run.serverCores ?? 0)),
      };
    });
    const one = settings.find((setting) => setting.name === "1 process, REDIS_URL");
    const two = settings.find((setting) => setting.name.startsWith("WORKERS=2"));
    return { ...options, settings, ratio: Math.round(((two?.median ?? 0) / (one?.median || 1)) * 100) / 100 };
  } finally {
    await redis.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

export function workersTable(result: WorkersResult): string {
  const rows = result.settings.map((s) => {
    const perCore = s.serverCores > 0 ? Math.round(s.median / s.serverCores) : "–";
    return `| ${s.name} | ${s.answersPerSec.join(" / ")} | **${s.median}** | ${s.serverCores} | ${perCore} | ${s.doneP95} | ${s.errors} |`;
  });
  return [
    `${result.clients} Socket.IO clients, ${result.seconds} s per run, ${result.rounds} rounds; ` +
      `2 workers ÷ 1 process on Redis = **${result.ratio}×**`,
    "",
    "| server | answers/s per round | median | server CPU cores used | answers per core-second | done p95 ms | errors |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { seconds: { type: "string" }, clients: { type: "string" }, rounds: { type: "string" } },
  });
  const result = await benchWorkers({
    seconds: Number(values.seconds ?? 10),
    clients: Number(values.clients ?? 50),
    rounds: Number(values.rounds ?? 3),
  });
  console.log(workersTable(result));
  console.log(JSON.stringify(result));
}
