// `npx tsx bench/answer-latency.ts [rounds] [--cold]`: latency of the offline answer path
// (rewrite → normalise → plan → gather → verify → compose) over the eval questions, after a
// warm-up round. Prints p50/p95/p99 and the retrieval/answer split. The rounds repeat the same
// questions, so the text memos (ingest/bounded-memo.ts) would hold what earlier rounds made:
// --cold empties them before every answer, as a question nobody asked before finds them.
import path from "node:path";
import { readQuestionFile } from "../server/evaluation/questions.js";
import { openAssistant } from "../server/assistant.js";
import { loadConfig, PROJECT_ROOT } from "../server/config.js";
import { itemAt } from "../ingest/indexed.js";
import { clearMemos } from "../ingest/bounded-memo.js";

const args = process.argv.slice(2);
const cold = args.includes("--cold");
const rounds = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 5);
const { answerer } = await openAssistant(loadConfig(), { mode: "extractive" });
const { questions } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
const percentile = (values: number[], p: number) =>
  itemAt(
    [...values].sort((a, b) => a - b),
    Math.min(values.length - 1, Math.floor((p / 100) * values.length)),
  );

for (const question of questions) await answerer.answer({ question: question.question }); // warm-up
const total: number[] = [];
const retrieve: number[] = [];
const answer: number[] = [];
for (let round = 0; round < rounds; round++) {
  for (const question of questions) {
    if (cold) clearMemos();
    const started = performance.now();
    const result = await answerer.answer({ question: question.question });
    total.push(performance.now() - started);
    retrieve.push(result.timings.retrieveMs);
    answer.push(result.timings.answerMs);
  }
}
const row = (label: string, values: number[]) =>
  `| ${label} | ${percentile(values, 50).toFixed(1)} | ${percentile(values, 95).toFixed(1)} | ${percentile(values, 99).toFixed(1)} |`;
console.log(
  `${total.length} answers (${questions.length} questions × ${rounds} rounds), extractive path, in-process${cold ? ", memos emptied before each answer" : ""}\n`,
);
console.log("| stage | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|");
console.log(
  [row("whole answer", total), row("normalise → verify (retrieval included)", retrieve), row("compose", answer)].join(
    "\n",
  ),
);
