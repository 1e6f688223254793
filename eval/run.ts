// `npm run eval`: the question set (eval/questions.jsonl and the held-out eval/holdout.jsonl) answered
// by the assistant, scored, and written as reports; `--check` holds the test split to
// eval/thresholds.json (CI's gate). The scoring itself is the application's (server/evaluation/):
// the web 评测 tool runs the same code.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createProgress } from "../ingest/progress.js";
import { compareReports, formatComparison, readReport } from "../server/evaluation/compare.js";
import { readQuestionFiles } from "../server/evaluation/questions.js";
import { summaryTables } from "../server/evaluation/report-markdown.js";
import { formatCheck, isSplitChoice, readThresholds, runEval, writeReports } from "../server/evaluation/run.js";

const USAGE = `Usage: npm run eval -- [--mode extractive|llm] [--split dev|test|holdout|all] [--questions file.jsonl] [--out dir] [--check]
       npm run eval -- --compare A.json B.json
       npm run eval -- --from-feedback drafts.jsonl   (👎 answers as draft eval lines; "-" for stdout)`;

// Over 60 lines on purpose: the CLI's argument checks, each with its own message, then the run, in order.
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      mode: { type: "string" },
      split: { type: "string" },
      questions: { type: "string" },
      out: { type: "string" },
      check: { type: "boolean" },
      compare: { type: "boolean" },
      "from-feedback": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return (console.log(USAGE), 0);
  if (values.compare) {
    const [before, after] = positionals;
    if (before === undefined || after === undefined || positionals.length !== 2)
      return (console.error(`--compare needs two report files.\n${USAGE}`), 2);
    console.log(formatComparison(compareReports(await readReport(before), await readReport(after))));
    return 0;
  }
  if (positionals.length > 0) return (console.error(`Unexpected argument "${positionals[0]}".\n${USAGE}`), 2);
  const draftsFile = values["from-feedback"];
  if (draftsFile !== undefined) {
    const { writeFeedbackDrafts } = await import("../server/evaluation/feedback-drafts.js");
    const count = await writeFeedbackDrafts(draftsFile);
    const written = `Wrote ${count} draft eval line(s) from 👎 feedback to ${draftsFile}`;
    if (draftsFile !== "-") console.log(`${written}; complete each one (see its draft.todo).`);
    return 0;
  }
  const mode = values.mode ?? "extractive";
  if (mode !== "llm" && mode !== "extractive")
    return (console.error(`--mode must be "llm" or "extractive", not "${mode}".\n${USAGE}`), 2);
  const split = values.split ?? "all";
  if (!isSplitChoice(split))
    return (console.error(`--split must be dev, test, holdout or all, not "${split}".\n${USAGE}`), 2);
  if (values.check && split !== "test" && split !== "all")
    return (console.error(`--check gates the test split; use --split test or all.\n${USAGE}`), 2);

  // Imported here so --compare and --help need neither a config nor an index.
  const { PROJECT_ROOT, loadConfig } = await import("../server/config.js");
  const { openAssistant } = await import("../server/assistant.js");
  // By default the question set and the held-out questions, kept in their own file so it is never edited.
  const questionFiles = values.questions
    ? [path.resolve(values.questions)]
    : [path.join(PROJECT_ROOT, "eval/questions.jsonl"), path.join(PROJECT_ROOT, "eval/holdout.jsonl")];
  const { questions, errors } = await readQuestionFiles(questionFiles);
  const shownFiles = questionFiles.map((file) => path.relative(process.cwd(), file)).join(", ");
  for (const error of errors)
    console.error(`${path.relative(process.cwd(), error.file ?? "")}:${error.line}: ${error.message}`);
  if (errors.length > 0 && values.check) {
    // A gate on a damaged file would pass on whatever lines survived: refuse it.
    return (
      console.error(`check FAILED: ${errors.length} malformed line(s) in ${shownFiles}; fix them (see above).`),
      1
    );
  }
  if (errors.length > 0)
    console.error(`${errors.length} malformed line(s) skipped; running the other ${questions.length} question(s).`);
  if (questions.length === 0) return (console.error("No valid questions to run."), 2);
  const thresholds = values.check ? await readThresholds(path.join(PROJECT_ROOT, "eval/thresholds.json")) : undefined;

  const { answerer, retriever } = await openAssistant(loadConfig(), { mode });
  const progress = createProgress();
  const report = await runEval({
    answerer,
    retriever,
    questions,
    split,
    questionErrors: errors,
    questionsFile: questionFiles.map((file) => path.relative(PROJECT_ROOT, file)).join(", "),
    onProgress: (done, total) => progress.update("eval", done, total),
  });
  progress.done();
  const paths = await writeReports(report, path.resolve(values.out ?? path.join(PROJECT_ROOT, "eval/reports")));
  console.log(summaryTables(report));
  console.log(`\nReports:\n  ${paths.json}\n  ${paths.markdown}\n  ${paths.html}`);
  if (!thresholds) return 0;
  const check = formatCheck(report, thresholds);
  console.log(`\n${check.lines.join("\n")}`);
  return check.passed ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`eval failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
