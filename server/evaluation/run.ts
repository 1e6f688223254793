// An eval run: every eval question through the same answering entry point as the
// server, scored per split and category, written as JSON, Markdown and HTML
// reports. `runEval` takes an answerer and a retriever, so a test can run it on a
// temp index without a config or a CLI; `npm run eval` (eval/run.ts) and the web
// 评测 tool (eval-runs.ts) both call it.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { AnswerRequest, AnswerResult } from "../answer/types.js";
import type { Retriever } from "../retrieval/retriever.js";
import {
  answerBody,
  answerLead,
  articleRank,
  checkThresholds,
  citationSupports,
  factsPresent,
  findShortfalls,
  GATED_METRICS,
  METRIC_LABELS,
  normalizeText,
  summarize,
  TARGETS,
  type GoldFacts,
  type MetricLimits,
  type QuestionRecord,
} from "./metrics.js";
import { goldPassages, scoredOnLead, SPLIT_NAMES, type EvalQuestion, type QuestionFileError } from "./questions.js";
import { renderHtml } from "./report-html.js";
import { renderMarkdown } from "./report-markdown.js";
import type { EvalReport, SplitChoice } from "./report-types.js";

export type { EvalReport, SplitChoice } from "./report-types.js";

export function isSplitChoice(value: string): value is SplitChoice {
  return value === "all" || (SPLIT_NAMES as readonly string[]).includes(value);
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
  const ask = followUpAsker(answerer, questions);
  const results: QuestionRecord[] = [];
  for (const [done, question] of selected.entries()) {
    results.push(await askAndScore(question, ask, retriever));
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

/**
 * Asks each question once; a follow-up is asked after its earlier question, with that answer as
 * history, even when the earlier one is in another split.
 */
function followUpAsker(answerer: RunEvalOptions["answerer"], questions: EvalQuestion[]) {
  const byId = new Map(questions.map((question) => [question.id, question]));
  const answered = new Map<string, Asked>();
  const pending = new Set<string>();
  const ask = async (question: EvalQuestion): Promise<Asked> => {
    const earlier = answered.get(question.id);
    if (earlier) return earlier;
    if (pending.has(question.id)) throw new Error(`followUpOf forms a cycle through "${question.id}"`);
    pending.add(question.id);
    const parent = question.followUpOf === undefined ? undefined : byId.get(question.followUpOf);
    if (question.followUpOf !== undefined && !parent)
      throw new Error(`followUpOf "${question.followUpOf}" is not among the questions`);
    const parentResult = parent ? (await ask(parent)).result : undefined;
    const history =
      parent && parentResult
        ? [
            { role: "user" as const, content: parent.question },
            { role: "assistant" as const, content: parentResult.answer },
          ]
        : [];
    const result = await answerer.answer({ question: question.question, history });
    // The answerer may search with other text than the question (an English question with its
    // Chinese terms, a rewritten follow-up, one query per compared entity): the result says which.
    const contextRecall =
      answerer.llmContext && !question.refuse
        ? recallOf(await answerer.llmContext(result.rewritten ?? question.question), goldFacts(question).facts)
        : null;
    const asked = { result, query: result.queries?.[0], contextRecall };
    answered.set(question.id, asked);
    return asked;
  };
  return ask;
}

async function askAndScore(
  question: EvalQuestion,
  ask: (question: EvalQuestion) => Promise<Asked>,
  retriever: Retriever,
): Promise<QuestionRecord> {
  let outcome: Asked & { error?: string };
  try {
    outcome = await ask(question);
  } catch (error) {
    // One failing question is a miss to look at, not the end of the run.
    outcome = { result: failedResult(), error: (error as Error).message };
  }
  const query = outcome.query ?? outcome.result.rewritten ?? question.question;
  const hits = question.docId && !outcome.error ? await retriever.retrieve(query, RETRIEVAL_DEPTH) : [];
  const ranked = hits.map((hit) => hit.article);
  return scoreQuestion(question, outcome.result, query, ranked, outcome.error, outcome.contextRecall ?? null);
}

function failedResult(): AnswerResult {
  return {
    answer: "",
    refused: false,
    coverage: "not_found",
    citations: [],
    mode: "extractive",
    timings: { rewriteMs: 0, retrieveMs: 0, answerMs: 0, totalMs: 0 },
  };
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
  question: EvalQuestion,
  result: AnswerResult,
  query: string,
  rankedArticles: Array<{ docId: string; source: string; title: string }>,
  error: string | undefined,
  contextRecall: number | null,
): QuestionRecord {
  const gold = goldFacts(question);
  const scoredOn = scoredOnLead(question) ? "lead" : "answer";
  const scoredText = scoredOn === "lead" ? answerLead(result.answer) : answerBody(result.answer);
  const answerCorrect = question.refuse ? null : !result.refused && factsPresent(scoredText, gold);
  const passages = goldPassages(question);
  const citationCorrect = question.refuse
    ? null
    : !result.refused && citationSupports(result.citations, gold, passages);
  return {
    id: question.id,
    split: question.split,
    category: question.category,
    question: question.question,
    ...(question.followUpOf ? { followUpOf: question.followUpOf } : {}),
    ...(result.rewritten ? { rewritten: result.rewritten } : {}),
    query,
    refuse: question.refuse,
    gold: { ...gold, docId: question.docId, source: question.source, quote: question.quote, ...evidenceOf(question) },
    scoredOn,
    ...answerFields(result),
    retrieved: distinctArticles(rankedArticles).slice(0, SHOWN_SOURCES),
    goldRank:
      question.docId && !question.refuse
        ? articleRank(
            rankedArticles.map((article) => article.docId),
            question.docId,
          )
        : null,
    answerCorrect,
    citationCorrect,
    contextRecall,
    correct: question.refuse ? result.refused : answerCorrect === true,
    latencyMs: result.timings.totalMs,
    ...(error ? { error } : {}),
  };
}

const evidenceOf = (question: EvalQuestion) => (question.evidence ? { evidence: question.evidence } : {});

/** What the report keeps of an answer. */
function answerFields(result: AnswerResult) {
  return {
    answer: result.answer,
    refused: result.refused,
    coverage: result.coverage,
    ...(result.notice ? { notice: result.notice } : {}),
    mode: result.mode,
    citations: result.citations.map(({ n, docId, source, title, quote }) => ({ n, docId, source, title, quote })),
  };
}

/** Each article once, in rank order. */
function distinctArticles(ranked: Array<{ docId: string; source: string; title: string }>) {
  const byId = new Map(ranked.map(({ docId, source, title }) => [docId, { docId, source, title }]));
  return [...byId.values()];
}

/** Writes <stamp>.json, .md and .html into `dir`; returns their paths. */
export async function writeReports(
  report: EvalReport,
  dir: string,
): Promise<{ json: string; markdown: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const stem = path.join(dir, report.createdAt.replace(/[:.]/g, "-"));
  const paths = { json: `${stem}.json`, markdown: `${stem}.md`, html: `${stem}.html` };
  await writeFile(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(paths.markdown, renderMarkdown(report));
  await writeFile(paths.html, renderHtml(report));
  return paths;
}

const thresholdsSchema = z.object({
  split: z.literal("test"),
  thresholds: z
    .object(
      Object.fromEntries(GATED_METRICS.map((metric) => [metric, z.number().min(0).max(1)])) as Record<
        keyof MetricLimits,
        z.ZodNumber
      >,
    )
    .strict(),
});

export async function readThresholds(file: string): Promise<MetricLimits> {
  const parsed = thresholdsSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  return parsed.data.thresholds;
}

/** --check lines for the test split, and whether every threshold holds. */
export function formatCheck(report: EvalReport, thresholds: MetricLimits): { passed: boolean; lines: string[] } {
  const test = report.summary.test;
  if (!test)
    return { passed: false, lines: ["check FAILED: the run has no test-split questions (use --split test or all)."] };
  const results = checkThresholds(test.overall, thresholds);
  const lines = results.map(({ metric, value, threshold, passed }) => {
    const shown = value === null ? "not measurable" : value.toFixed(3);
    const by = value === null || passed ? "" : ` — below by ${(threshold - value).toFixed(3)}`;
    return `${passed ? "ok  " : "FAIL"} ${METRIC_LABELS[metric]}: ${shown} (threshold ${threshold.toFixed(2)})${by}`;
  });
  const passed = results.every((result) => result.passed);
  return {
    passed,
    lines: [...lines, passed ? "check passed (test split)." : "check FAILED (test split): see the FAIL lines above."],
  };
}
