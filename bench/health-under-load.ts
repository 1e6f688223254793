// `npx tsx bench/health-under-load.ts [--index DIR] [--seconds 10] [--clients 20] [--briefers 20]`:
// /api/health latency while the server is busy. The real server (server-child:
// the assistant with its worker pool, as npm start runs it) in its own process;
// Socket.IO clients asking back to back in another (load-clients); here, HTTP
// loops asking for briefings back to back and a probe of /api/health every
// 20 ms. Prints health p50/p95/p99 and what the load got done (issue 14: health
// stays under 50 ms p95). Bounded in time, loopback only.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readQuestionFile } from "../server/evaluation/questions.js";
import { loadConfig, PROJECT_ROOT } from "../server/config.js";
import { startBenchServer } from "./bench-server.js";
import { percentiles, runChild } from "./stats.js";

const { values } = parseArgs({
  options: {
    index: { type: "string" },
    seconds: { type: "string", default: "10" },
    clients: { type: "string", default: "20" },
    briefers: { type: "string", default: "20" },
  },
});
const indexDir = path.resolve(values.index ?? loadConfig().indexDir);
const seconds = Number(values.seconds);
const TOPICS = ["产业链党建", "快递进村", "新就业群体", "贵州工业", "机关党建", "乡村振兴", "专精特新", "贵安新区"];
const PROBE_EVERY_MS = 20;

/** Briefings asked back to back by `loops` HTTP clients until the deadline. */
async function briefingLoad(url: string, loops: number, deadline: number): Promise<{ done: number; failed: number }> {
  let done = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      for (let i = loop; performance.now() < deadline; i += loops) {
        const response = await fetch(`${url}/api/briefings`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ topic: TOPICS[i % TOPICS.length] }),
        });
        await response.arrayBuffer();
        if (response.status === 200) done++;
        else failed++;
      }
    }),
  );
  return { done, failed };
}

async function probeHealth(url: string, deadline: number): Promise<number[]> {
  const latencies: number[] = [];
  while (performance.now() < deadline) {
    const started = performance.now();
    await (await fetch(`${url}/api/health`)).arrayBuffer();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
  }
  return latencies;
}

const workDir = await mkdtemp(path.join(os.tmpdir(), "health-bench-"));
const { questions } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
const questionsFile = path.join(workDir, "questions.json");
await writeFile(
  questionsFile,
  JSON.stringify(questions.filter((question) => !question.followUpOf).map((question) => question.question)),
);
const server = await startBenchServer(indexDir);
try {
  console.log(
    `Index ${indexDir}; ${values.clients} Socket.IO clients and ${values.briefers} briefing loops for ${seconds} s…`,
  );
  const idle = percentiles(await probeHealth(server.url, performance.now() + 2000));
  const deadline = performance.now() + seconds * 1000;
  const [answers, briefings, health] = await Promise.all([
    runChild<{ answers: number; answersPerSec: number; errors: number; doneMs: { p95: number } }>(
      "load-clients.ts",
      [server.url, values.clients!, String(seconds), questionsFile],
      { timeoutMs: (seconds + 90) * 1000 },
    ),
    briefingLoad(server.url, Number(values.briefers), deadline),
    probeHealth(server.url, deadline).then(percentiles),
  ]);
  console.log("| | probes | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|");
  console.log(`| /api/health idle | ${idle.n} | ${idle.p50} | ${idle.p95} | ${idle.p99} |`);
  console.log(`| /api/health under load | ${health.n} | ${health.p50} | ${health.p95} | ${health.p99} |`);
  console.log(
    `\nLoad: ${answers.answers} answers (${answers.answersPerSec}/s, ${answers.errors} errors, done p95 ${answers.doneMs.p95} ms), ` +
      `${briefings.done} briefings (${(briefings.done / seconds).toFixed(1)}/s, ${briefings.failed} failed).`,
  );
} finally {
  await server.stop();
  await rm(workDir, { recursive: true, force: true });
}
