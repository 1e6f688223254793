// `npm run eval`: every eval question through the same answering entry point as
// the server, scored per split and category, written as JSON, Markdown and HTML
// reports. The core is `runEval`, which takes an answerer and a retriever, so a
// test can run it on a temp index without a config or a CLI.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createProgress } from "../ingest/progress.js";
import type { AnswerRequest, AnswerResult } from "../server/answer/types.js";
import type { Retriever } from "../server/retrieval.js";
import { compareReports, formatComparison, readReport } from "./compare.js";
import {
  answerBody, answerLead, articleRank, checkThresholds, citationSupports, factsPresent, findShortfalls, GATED_METRICS, METRIC_LABELS, normalizeText, summarize, TARGETS,
  type GoldFacts, type MetricLimits, type QuestionRecord, type Shortfall, type Split, type Summary,
} from "./metrics.js";
import {
  goldPassages, readQuestionFiles, scoredOnLead, SPLIT_NAMES, type EvalQuestion, type QuestionFileError,
} from "./questions.js";
import { renderHtml } from "./report-html.js";
import { renderMarkdown, summaryTables } from "./report-markdown.js";

export type SplitChoice = Split | "all";

function isSplitChoice(value: string): value is SplitChoice {
  return value === "all" || (SPLIT_NAMES as readonly string[]).includes(value);
}

export interface EvalReport {
  formatVersion: 1;
  createdAt: string;
  mode: "llm" | "extractive";
  split: SplitChoice;
  questionsFile?: string;
  questionErrors: QuestionFileError[];
  targets: MetricLimits;
  summary: Summary;
  shortfalls: Shortfall[];
  results: QuestionRecord[];
}

export interface RunEvalOptions {
  answerer: {
    readonly mode: "llm" | "extractive";
    answer(request: AnswerRequest): Promise<AnswerResult>;
    /** The passages the model reads for a standalone question (context recall); optional for stand-ins. */
    llmContext?(question: string): Promise<Array<{ text: string }>>;
  };
  /** The retriever the answerer searches with: retrieval is scored on the query the result says it searched with. */
  retriever: Retriever;
  questions: EvalQuestion[];
  split?: SplitChoice;
  questionErrors?: QuestionFileError[];
  questionsFile?: string;
  onProgress?: (done: number, total: number) => void;
}

interface Asked {
  result: AnswerResult;
  /** The text the answerer searched with (its first sub-query's). */
  query?: string;
  /** Share of the gold facts in the evidence the model would read. */
  contextRecall?: number | null;
}

/** Chunks retrieved to rank the gold article for MRR (deeper than the answerer's 8). */
const RETRIEVAL_DEPTH = 20;
const SHOWN_SOURCES = 5;

export async function runEval(options: RunEvalOptions): Promise<EvalReport> {
  const { answerer, retriever, questions } = options;
  const split = options.split ?? "all";
  const selected = questions.filter((question) => split === "all" || question.split === split);
  const byId = new Map(questions.map((question) => [question.id, question]));
  const answered = new Map<string, Asked>();
  const pending = new Set<string>();

  // A follow-up needs its earlier question's answer from this run, even when that one is in another split.
  const ask = async (question: EvalQuestion): Promise<Asked> => {
    const earlier = answered.get(question.id);
    if (earlier) return earlier;
    if (pending.has(question.id)) throw new Error(`followUpOf forms a cycle through "${question.id}"`);
    pending.add(question.id);
    const parent = question.followUpOf === undefined ? undefined : byId.get(question.followUpOf);
    if (question.followUpOf !== undefined && !parent) throw new Error(`followUpOf "${question.followUpOf}" is not among the questions`);
    const parentResult = parent ? (await ask(parent)).result : undefined;
    const history = parent && parentResult ? [{ role: "user" as const, content: parent.question }, { role: "assistant" as const, content: parentResult.answer }] : [];
    const result = await answerer.answer({ question: question.question, history });
    // The answerer may search with other text than the question (an English question with its
    // Chinese terms, a rewritten follow-up, one query per compared entity): the result says which.
    const contextRecall = answerer.llmContext && !question.refuse
      ? recallOf(await answerer.llmContext(result.rewritten ?? question.question), goldFacts(question).facts)
      : null;
    const asked = { result, query: result.queries?.[0], contextRecall };
    answered.set(question.id, asked);
    return asked;
  };

  const results: QuestionRecord[] = [];
  for (const [done, question] of selected.entries()) {
    let outcome: Asked & { error?: string };
    try {
      outcome = await ask(question);
    } catch (error) {
      // One failing question is a miss to look at, not the end of the run.
      outcome = { result: failedResult(), error: (error as Error).message };
    }
    const query = outcome.query ?? outcome.result.rewritten ?? question.question;
    const hits = question.docId && !outcome.error ? await retriever.retrieve(query, RETRIEVAL_DEPTH) : [];
    results.push(scoreQuestion(question, outcome.result, query, hits.map((hit) => hit.article), outcome.error, outcome.contextRecall ?? null));
    options.onProgress?.(done + 1, selected.length);
  }
  const summary = summarize(results);
  return {
    formatVersion: 1,
    createdAt: new Date().toISOString(),
    mode: answerer.mode,
    split,
    ...(options.questionsFile ? { questionsFile: options.questionsFile } : {}),
    questionErrors: options.questionErrors ?? [],
    targets: TARGETS,
    summary,
    shortfalls: findShortfalls(summary),
    results,
  };
}

function failedResult(): AnswerResult {
  return { answer: "", refused: false, coverage: "not_found", citations: [], mode: "extractive", timings: { rewriteMs: 0, retrieveMs: 0, answerMs: 0, totalMs: 0 } };
}

function goldFacts(question: EvalQuestion): GoldFacts {
  const { answer } = question;
  if ("all" in answer) return { match: "all", facts: answer.all };
  if ("any" in answer) return { match: "any", facts: answer.any };
  return { match: "min", facts: answer.facts, min: answer.min };
}

/** Share of the gold facts present in the passages (null when there are no facts to find). */
function recallOf(passages: Array<{ text: string }>, facts: string[]): number | null {
  if (facts.length === 0) return null;
  const evidence = normalizeText(passages.map((passage) => passage.text).join("\n"));
  return facts.filter((fact) => evidence.includes(normalizeText(fact))).length / facts.length;
}

function scoreQuestion(
  question: EvalQuestion, result: AnswerResult, query: string,
  rankedArticles: Array<{ docId: string; source: string; title: string }>, error: string | undefined, contextRecall: number | null,
): QuestionRecord {
  const gold = goldFacts(question);
  const scoredOn = scoredOnLead(question) ? "lead" : "answer";
  const scoredText = scoredOn === "lead" ? answerLead(result.answer) : answerBody(result.answer);
  const answerCorrect = question.refuse ? null : !result.refused && factsPresent(scoredText, gold);
  const passages = goldPassages(question);
  const citationCorrect = question.refuse ? null : !result.refused && citationSupports(result.citations, gold, passages);
  const distinct = [...new Map(rankedArticles.map((article) => [article.docId, { docId: article.docId, source: article.source, title: article.title }])).values()];
  return {
    id: question.id,
    split: question.split,
    category: question.category,
    question: question.question,
    ...(question.followUpOf ? { followUpOf: question.followUpOf } : {}),
    ...(result.rewritten ? { rewritten: result.rewritten } : {}),
    query,
    refuse: question.refuse,
    gold: {
      ...gold, docId: question.docId, source: question.source, quote: question.quote,
      ...(question.evidence ? { evidence: question.evidence } : {}),
    },
    scoredOn,
    answer: result.answer,
    refused: result.refused,
    coverage: result.coverage,
    ...(result.notice ? { notice: result.notice } : {}),
    mode: result.mode,
    citations: result.citations.map(({ n, docId, source, title, quote }) => ({ n, docId, source, title, quote })),
    retrieved: distinct.slice(0, SHOWN_SOURCES),
    goldRank: question.docId && !question.refuse ? articleRank(rankedArticles.map((article) => article.docId), question.docId) : null,
    answerCorrect,
    citationCorrect,
    contextRecall,
    correct: question.refuse ? result.refused : answerCorrect === true,
    latencyMs: result.timings.totalMs,
    ...(error ? { error } : {}),
  };
}

/** Writes <stamp>.json, .md and .html into `dir`; returns their paths. */
export async function writeReports(report: EvalReport, dir: string): Promise<{ json: string; markdown: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const stem = path.join(dir, report.createdAt.replace(/[:.]/g, "-"));
  const paths = { json: `${stem}.json`, markdown: `${stem}.md`, html: `${stem}.html` };
  await writeFile(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(paths.markdown, renderMarkdown(report));
  await writeFile(paths.html, renderHtml(report));
  return paths;
}

const thresholdsSchema = z.object({ split: z.literal("test"), thresholds: z.object(Object.fromEntries(GATED_METRICS.map((metric) => [metric, z.number().min(0).max(1)])) as Record<keyof MetricLimits, z.ZodNumber>).strict() });

export async function readThresholds(file: string): Promise<MetricLimits> {
  const parsed = thresholdsSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  return parsed.data.thresholds;
}

/** --check lines for the test split, and whether every threshold holds. */
export function formatCheck(report: EvalReport, thresholds: MetricLimits): { passed: boolean; lines: string[] } {
  const test = report.summary.test;
  if (!test) return { passed: false, lines: ["check FAILED: the run has no test-split questions (use --split test or all)."] };
  const results = checkThresholds(test.overall, thresholds);
  const lines = results.map(({ metric, value, threshold, passed }) => {
    const shown = value === null ? "not measurable" : value.toFixed(3);
    const by = value === null || passed ? "" : ` — below by ${(threshold - value).toFixed(3)}`;
    return `${passed ? "ok  " : "FAIL"} ${METRIC_LABELS[metric]}: ${shown} (threshold ${threshold.toFixed(2)})${by}`;
  });
  const passed = results.every((result) => result.passed);
  return { passed, lines: [...lines, passed ? "check passed (test split)." : "check FAILED (test split): see the FAIL lines above."] };
}

const USAGE = `Usage: npm run eval -- [--mode extractive|llm] [--split dev|test|holdout|all] [--questions file.jsonl] [--out dir] [--check]
       npm run eval -- --compare A.json B.json
       npm run eval -- --from-feedback drafts.jsonl   (👎 answers as draft eval lines; "-" for stdout)`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { mode: { type: "string" }, split: { type: "string" }, questions: { type: "string" }, out: { type: "string" }, check: { type: "boolean" }, compare: { type: "boolean" }, "from-feedback": { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) return console.log(USAGE), 0;
  if (values.compare) {
    if (positionals.length !== 2) return console.error(`--compare needs two report files.\n${USAGE}`), 2;
    console.log(formatComparison(compareReports(await readReport(positionals[0]!), await readReport(positionals[1]!))));
    return 0;
  }
  if (positionals.length > 0) return console.error(`Unexpected argument "${positionals[0]}".\n${USAGE}`), 2;
  const draftsFile = values["from-feedback"];
  if (draftsFile !== undefined) {
    const { writeFeedbackDrafts } = await import("./feedback-drafts.js");
    const count = await writeFeedbackDrafts(draftsFile);
    const written = `Wrote ${count} draft eval line(s) from 👎 feedback to ${draftsFile}`;
    if (draftsFile !== "-") console.log(`${written}; complete each one (see its draft.todo).`);
    return 0;
  }
  const mode = values.mode ?? "extractive";
  if (mode !== "llm" && mode !== "extractive") return console.error(`--mode must be "llm" or "extractive", not "${mode}".\n${USAGE}`), 2;
  const split = values.split ?? "all";
  if (!isSplitChoice(split)) return console.error(`--split must be dev, test, holdout or all, not "${split}".\n${USAGE}`), 2;
  if (values.check && split !== "test" && split !== "all") return console.error(`--check gates the test split; use --split test or all.\n${USAGE}`), 2;

  // Imported here so --compare and --help need neither a config nor an index.
  const { PROJECT_ROOT, loadConfig } = await import("../server/config.js");
  const { openAssistant } = await import("../server/assistant.js");
  // By default the question set and the held-out questions, kept in their own file so it is never edited.
  const questionFiles = values.questions
    ? [path.resolve(values.questions)]
    : [path.join(PROJECT_ROOT, "eval/questions.jsonl"), path.join(PROJECT_ROOT, "eval/holdout.jsonl")];
  const { questions, errors } = await readQuestionFiles(questionFiles);
  const shownFiles = questionFiles.map((file) => path.relative(process.cwd(), file)).join(", ");
  for (const error of errors) console.error(`${path.relative(process.cwd(), error.file ?? "")}:${error.line}: ${error.message}`);
  if (errors.length > 0 && values.check) {
    // A gate on a damaged file would pass on whatever lines survived: refuse it.
    return console.error(`check FAILED: ${errors.length} malformed line(s) in ${shownFiles}; fix them (see above).`), 1;
  }
  if (errors.length > 0) console.error(`${errors.length} malformed line(s) skipped; running the other ${questions.length} question(s).`);
  if (questions.length === 0) return console.error("No valid questions to run."), 2;
  const thresholds = values.check ? await readThresholds(path.join(PROJECT_ROOT, "eval/thresholds.json")) : undefined;

  const { answerer, retriever } = await openAssistant(loadConfig(), { mode });
  const progress = createProgress();
  const report = await runEval({ answerer, retriever, questions, split, questionErrors: errors, questionsFile: questionFiles.map((file) => path.relative(PROJECT_ROOT, file)).join(", "), onProgress: (done, total) => progress.update("eval", done, total) });
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
