// `npx tsx bench/tools-overhead.ts [rounds]`: what the user tools cost, on the
// eval's dev questions over the configured index, offline, in-process, after a
// warm-up: an answer through the answerer alone vs through the ask service
// (answerId + a row in a SQLite file store), a question scoped to a province,
// the offline follow-up suggestions (computed on request, not per answer), and
// the retrieval check. Prints nearest-rank percentiles and the p50 ratios.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { readQuestionFile } from "../server/evaluation/questions.js";
import { AskService } from "../server/ask-service.js";
import { openAssistant } from "../server/assistant.js";
import { loadConfig, PROJECT_ROOT } from "../server/config.js";
import { silentLogger } from "../server/logger.js";
import { openSqliteStore } from "../server/store/sqlite.js";
import { percentiles } from "./stats.js";

const rounds = Number(process.argv[2] ?? 3);
const assistant = await openAssistant(loadConfig(), { mode: "extractive" });
const dir = await mkdtemp(path.join(os.tmpdir(), "tools-bench-"));
const store = openSqliteStore(path.join(dir, "assistant.sqlite"));
const asker = new AskService({ assistant, answers: store.answers, logger: silentLogger });
const all = (await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"))).questions;
const questions = all
  .filter((question) => question.split === "dev" && !question.followUpOf)
  .map((question) => question.question);

/** Milliseconds per call of `work`, or the number it returns when it times a part itself. */
async function time(work: (question: string) => Promise<unknown>): Promise<number[]> {
  for (const question of questions) await work(question); // warm-up
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      const started = performance.now();
      const result = await work(question);
      samples.push(typeof result === "number" ? result : performance.now() - started);
    }
  }
  return samples;
}

// The three answer paths take turns on each question, so the machine's drift hits them alike.
const answerer: number[] = [];
const recorded: number[] = [];
const scoped: number[] = [];
const paths: Array<[number[], (question: string) => Promise<unknown>]> = [
  [answerer, (question) => assistant.answerer.answer({ question })],
  [recorded, (question) => asker.ask({ question })],
  [scoped, (question) => asker.ask({ question, scope: { province: "贵州" } })],
];
await time(async (question) => {
  for (const [samples, work] of paths) {
    const started = performance.now();
    await work(question);
    samples.push(performance.now() - started);
  }
});
const lastAnswer = await asker.ask({ question: questions[0] ?? "" });
const recordOnly = await time(async () => {
  const started = performance.now();
  await store.answers.record({
    ...lastAnswer,
    question: "…",
    answerId: crypto.randomUUID(),
    createdAt: new Date().toISOString(),
  });
  return performance.now() - started;
});
// Each sample asks a fresh answer's follow-ups (the per-answer cache would otherwise answer).
const followUps = await time(async (question) => {
  const { answerId } = await asker.ask({ question });
  const started = performance.now();
  await asker.followUps(answerId);
  return performance.now() - started;
});
const check = await time((question) => assistant.checkRetrieval(question, undefined));

const rows: Array<[string, number[]]> = [
  ["answerer alone", answerer],
  ["ask service (answerId + SQLite row)", recorded],
  ["  of which: recording the answer", recordOnly],
  ["ask service, scope 贵州", scoped],
  ["follow-ups, offline (on request)", followUps],
  ["retrieval check", check],
];
console.log(`${questions.length} dev questions × ${rounds} rounds, extractive, in-process\n`);
console.log("| path | p50 ms | p95 ms | p99 ms | p50 ÷ answerer |\n|---|---|---|---|---|");
const base = percentiles(answerer).p50;
for (const [label, samples] of rows) {
  const { p50, p95, p99 } = percentiles(samples);
  console.log(`| ${label} | ${p50} | ${p95} | ${p99} | ${(p50 / base).toFixed(2)} |`);
}
await store.close();
await rm(dir, { recursive: true, force: true });
