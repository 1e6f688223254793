// Answers/s of 1 vs 2 worker processes (WORKERS=N on REDIS_URL), and of the
// embedded default (one process, no Redis) for reference: the real server
// (server/test-support/serve-child.ts, what `npm start` runs) on the 1× index,
// a real redis-server, and N Socket.IO clients in another process asking back
// to back. Rounds alternate the settings, so a neighbour's load on the machine
// falls on all of them alike; medians are reported. Where the cores went is
// measured too (the server, the load clients, redis-server, the whole machine),
// because on a small machine they all share the same cores.
// `npx tsx bench/workers.ts [--seconds 10] [--clients 50] [--rounds 3] [--settings embedded,redis,workers2]`
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readQuestionFile } from "../server/evaluation/questions.js";
import { runIngest } from "../ingest/pipeline.js";
import { embedderSettings, loadConfig, PROJECT_ROOT } from "../server/config.js";
import { startRedis, type TestRedis } from "../server/test-support/redis-server.js";
import { startServerProcess } from "../server/test-support/server-process.js";
import { busiestThread, machineBusySeconds, threadSeconds, treeCpu, treeCpuSeconds } from "./cpu-time.js";
import { runChild } from "./stats.js";
import { workersTable } from "./workers-report.js";
import type { CoresUsed, WorkersResult } from "./workers-types.js";

export type { CoresUsed, CostPerAnswer, SettingResult, WorkersResult } from "./workers-types.js";

interface LoadStats {
  answers: number;
  answersPerSec: number;
  errors: number;
  errorCodes: Record<string, number>;
  doneMs: { p50: number; p95: number; p99: number };
  /** The load clients' own CPU while they asked. */
  cpuSeconds: number;
}

interface Run {
  answersPerSec: number;
  errors: number;
  doneP95: number;
  cores: CoresUsed;
}

const SETTINGS = [
  { key: "embedded", name: "1 process, no Redis (embedded default)", env: {} },
  { key: "redis", name: "1 process, REDIS_URL", env: { redis: "yes" } },
  { key: "workers2", name: "WORKERS=2, REDIS_URL", env: { WORKERS: "2", redis: "yes" } },
] as const;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round2 = (value: number) => Math.round(value * 100) / 100;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** One measured run: a warm-up, then `seconds` of load, with the CPU every party used meanwhile. */
async function measure(
  env: Record<string, string>,
  redis: TestRedis,
  questionsFile: string,
  options: { seconds: number; clients: number },
): Promise<Run> {
  const server = await startServerProcess(env, 120_000);
  try {
    const load = (seconds: number) =>
      runChild<LoadStats>("load-clients.ts", [server.url, String(options.clients), String(seconds), questionsFile]);
    await load(2); // warm-up
    const cpu = async () => ({
      server: await treeCpu(server.pid),
      threads: await threadSeconds(server.pid),
      redis: await treeCpuSeconds(redis.pid ?? 0),
      machine: await machineBusySeconds(),
    });
    const before = await cpu();
    const started = performance.now();
    const stats = await load(options.seconds);
    const wall = (performance.now() - started) / 1000;
    const after = await cpu();
    const cores = {
      server: round2((after.server.main + after.server.others - before.server.main - before.server.others) / wall),
      serverMain: round2((after.server.main - before.server.main) / wall),
      serverBusiest: round2(busiestThread(before.threads, after.threads) / wall),
      clients: round2(stats.cpuSeconds / wall),
      redis: round2((after.redis - before.redis) / wall),
      machine: round2((after.machine - before.machine) / wall),
    };
    return { answersPerSec: stats.answersPerSec, errors: stats.errors, doneP95: stats.doneMs.p95, cores };
  } finally {
    await server.stop();
  }
}

export async function benchWorkers(options: {
  seconds: number;
  clients: number;
  rounds: number;
  /** Keys of the settings to run (embedded, redis, workers2); all by default. */
  settings?: string[];
}): Promise<WorkersResult> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "bench-workers-"));
  const redis = await startRedis();
  const chosen = SETTINGS.filter((setting) => !options.settings || options.settings.includes(setting.key));
  try {
    const config = loadConfig({});
    const dataDir = path.join(workDir, "data");
    const indexDir = path.join(dataDir, "index");
    await runIngest({ seedsDir: config.seedsDir, indexDir, embedder: embedderSettings(config), hnsw: config.hnsw });
    const { questions } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
    const questionsFile = path.join(workDir, "questions.json");
    const asked = questions.filter((question) => !question.followUpOf).map((question) => question.question);
    await writeFile(questionsFile, JSON.stringify(asked));
    const runs = new Map<string, Run[]>(chosen.map((setting) => [setting.name, []]));
    for (let round = 1; round <= options.rounds; round++) {
      for (const setting of chosen) {
        const env: Record<string, string> = {
          DATA_DIR: dataDir,
          INDEX_DIR: indexDir,
          RATE_LIMIT_PER_MIN: "100000000",
          MAX_CONNECTIONS: "5000",
          MAX_CONNECTIONS_PER_ADDRESS: "5000",
          ...("redis" in setting.env ? { REDIS_URL: redis.url } : {}),
          ...("WORKERS" in setting.env ? { WORKERS: setting.env.WORKERS } : {}),
        };
        const run = await measure(env, redis, questionsFile, options);
        runs.get(setting.name)?.push(run);
        const { server, serverMain, clients, redis: redisCores, machine } = run.cores;
        log(
          `[workers] round ${round}, ${setting.name}: ${run.answersPerSec} answers/s, ${run.errors} errors; cores: ` +
            `server ${server} (main threads ${serverMain}, busiest thread ${run.cores.serverBusiest}), ` +
            `clients ${clients}, redis ${redisCores}, machine ${machine}`,
        );
      }
    }
    return summarize(options, chosen, runs);
  } finally {
    await redis.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

function summarize(
  options: { seconds: number; clients: number; rounds: number },
  chosen: ReadonlyArray<(typeof SETTINGS)[number]>,
  runs: Map<string, Run[]>,
): WorkersResult {
  const settings = chosen.map(({ name }) => {
    const done = runs.get(name) ?? [];
    const perSec = done.map((run) => run.answersPerSec);
    const coresOf = (part: keyof CoresUsed) => median(done.map((run) => run.cores[part]));
    const msPerAnswer = (cores: (run: Run) => number) =>
      round2(median(done.map((run) => (run.answersPerSec > 0 ? (cores(run) * 1000) / run.answersPerSec : 0))));
    return {
      name,
      answersPerSec: perSec,
      median: median(perSec),
      errors: done.reduce((sum, run) => sum + run.errors, 0),
      doneP95: median(done.map((run) => run.doneP95)),
      cores: {
        server: coresOf("server"),
        serverMain: coresOf("serverMain"),
        serverBusiest: coresOf("serverBusiest"),
        clients: coresOf("clients"),
        redis: coresOf("redis"),
        machine: coresOf("machine"),
      },
      costMs: {
        busiest: msPerAnswer((run) => run.cores.serverBusiest),
        total: msPerAnswer((run) => run.cores.server + run.cores.clients + run.cores.redis),
      },
    };
  });
  const one = settings.find((setting) => setting.name === "1 process, REDIS_URL");
  const two = settings.find((setting) => setting.name.startsWith("WORKERS=2"));
  const ratio = one && two ? round2(two.median / (one.median || 1)) : 0;
  const { seconds, clients, rounds } = options;
  return { seconds, clients, rounds, cpus: os.availableParallelism(), settings, ratio };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string" },
      clients: { type: "string" },
      rounds: { type: "string" },
      settings: { type: "string" },
    },
  });
  const result = await benchWorkers({
    seconds: Number(values.seconds ?? 10),
    clients: Number(values.clients ?? 50),
    rounds: Number(values.rounds ?? 3),
    settings: values.settings?.split(","),
  });
  console.log(workersTable(result));
  console.log(JSON.stringify(result));
}
