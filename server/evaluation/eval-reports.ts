// The eval reports in eval/reports/ for the UI: a summary of each run, one run
// as its self-contained HTML report, and two runs compared (compare.ts).
// Reports are named by their file stem; a name is checked against a strict
// pattern and looked up in the folder's listing, never joined into a path raw.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { compareReports, formatComparison, readReport } from "./compare.js";
import { UserError } from "../errors.js";
import type { EvalComparisonResponseBody, EvalReportSummary } from "../protocol.js";

/** `npm run eval` names reports by their timestamp: 2026-11-23T21-29-31-790Z. */
export const REPORT_NAME = /^[\w-]{1,80}$/;

const metricShape = z
  .object({
    questions: z.number(),
    answerAccuracy: z.number().nullable(),
    citationAccuracy: z.number().nullable(),
    recallAt5: z.number().nullable(),
    refusalRecall: z.number().nullable(),
    refusalPrecision: z.number().nullable(),
    latencyP50: z.number().nullable(),
  })
  .passthrough();

const reportShape = z
  .object({
    formatVersion: z.literal(1),
    createdAt: z.string(),
    mode: z.enum(["llm", "extractive"]),
    split: z.string(),
    questionsFile: z.string().optional(),
    questionErrors: z.array(z.unknown()),
    summary: z.record(z.object({ overall: metricShape }).passthrough()),
  })
  .passthrough();

async function reportNames(dir: string, extension: ".json" | ".html"): Promise<string[]> {
  try {
    return (await readdir(dir))
      .filter((file) => file.endsWith(extension))
      .map((file) => file.slice(0, -extension.length));
  } catch (error) {
    // No run yet: the folder does not exist. Any other failure is logged, and the list is empty as then.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      console.warn(`The eval reports in ${dir} cannot be listed: ${(error as Error).message}`);
    return [];
  }
}

/** Every readable report, newest first; files that are not eval reports are left out. */
export async function listReports(dir: string): Promise<EvalReportSummary[]> {
  const summaries: EvalReportSummary[] = [];
  for (const name of await reportNames(dir, ".json")) {
    let parsed;
    try {
      parsed = reportShape.safeParse(JSON.parse(await readFile(path.join(dir, `${name}.json`), "utf8")));
    } catch (error) {
      console.warn(`Eval report ${name}.json is left out: ${(error as Error).message}`);
      continue;
    }
    if (!parsed.success) continue;
    const report = parsed.data;
    const splits = Object.fromEntries(
      Object.entries(report.summary).map(([split, { overall }]) => [
        split,
        {
          questions: overall.questions,
          answerAccuracy: overall.answerAccuracy,
          citationAccuracy: overall.citationAccuracy,
          recallAt5: overall.recallAt5,
          refusalRecall: overall.refusalRecall,
          refusalPrecision: overall.refusalPrecision,
          latencyP50: overall.latencyP50,
        },
      ]),
    );
    summaries.push({
      name,
      createdAt: report.createdAt,
      mode: report.mode,
      split: report.split,
      ...(report.questionsFile ? { questionsFile: report.questionsFile } : {}),
      malformedLines: report.questionErrors.length,
      splits,
    });
  }
  return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
}

async function existingName(dir: string, name: string, extension: ".json" | ".html"): Promise<string> {
  if (!REPORT_NAME.test(name) || !(await reportNames(dir, extension)).includes(name)) {
    throw new UserError("not_found", `No eval report "${name.slice(0, 80)}". GET /api/eval/reports lists them.`);
  }
  return path.join(dir, `${name}${extension}`);
}

/** The HTML report `npm run eval` wrote beside the JSON one. */
export async function reportHtml(dir: string, name: string): Promise<string> {
  return readFile(await existingName(dir, name, ".html"), "utf8");
}

export async function compareNamedReports(
  dir: string,
  before: string,
  after: string,
): Promise<EvalComparisonResponseBody> {
  const [earlier, later] = await Promise.all([
    readReport(await existingName(dir, before, ".json")),
    readReport(await existingName(dir, after, ".json")),
  ]);
  const comparison = compareReports(earlier, later);
  return { before, after, comparison, text: formatComparison(comparison) };
}
