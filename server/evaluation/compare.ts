// `npm run eval -- --compare A.json B.json`: what got better and worse between
// two runs — metric deltas overall and per category, and the questions that
// flipped between right and wrong.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { orderCategories, SPLITS, type Split } from "./metrics.js";
import { SPLIT_NAMES } from "./questions.js";

const COMPARED = [
  "recallAt1",
  "recallAt5",
  "mrr",
  "answerAccuracy",
  "citationAccuracy",
  "refusalPrecision",
  "refusalRecall",
  "latencyP50",
  "latencyP95",
] as const;
type ComparedMetric = (typeof COMPARED)[number];

const LABELS: Record<ComparedMetric, string> = {
  recallAt1: "recall@1",
  recallAt5: "recall@5",
  mrr: "MRR",
  answerAccuracy: "answer accuracy",
  citationAccuracy: "citation accuracy",
  refusalPrecision: "refusal precision",
  refusalRecall: "refusal recall",
  latencyP50: "latency p50 ms",
  latencyP95: "latency p95 ms",
};

// Latency jitters from run to run on the same code (by milliseconds on the
// offline path): only a change beyond both of these counts as better or worse.
const LATENCY_NOISE_SHARE = 0.1;
const LATENCY_NOISE_MS = 5;

export interface MetricDelta {
  split: Split;
  scope: string;
  metric: ComparedMetric;
  before: number | null;
  after: number | null;
  change: "better" | "worse" | "same" | "n/a";
}

export interface Flip {
  id: string;
  split: Split;
  category: string;
  question: string;
}

export interface Comparison {
  before: { createdAt: string; mode: string };
  after: { createdAt: string; mode: string };
  deltas: MetricDelta[];
  fixed: Flip[];
  broken: Flip[];
  onlyBefore: string[];
  onlyAfter: string[];
}

const metricsShape = z.object(
  Object.fromEntries(COMPARED.map((metric) => [metric, z.number().nullable()])) as Record<
    ComparedMetric,
    z.ZodNullable<z.ZodNumber>
  >,
);
const splitShape = z.object({ overall: metricsShape, categories: z.record(metricsShape) });
const reportShape = z.object({
  formatVersion: z.literal(1),
  createdAt: z.string(),
  mode: z.enum(["llm", "extractive"]),
  summary: z.object({ dev: splitShape.optional(), test: splitShape.optional() }),
  results: z.array(
    z.object({
      id: z.string(),
      split: z.enum(SPLIT_NAMES),
      category: z.string(),
      question: z.string(),
      correct: z.boolean(),
    }),
  ),
});

const TUNED_SPLITS = ["dev", "test"] as const;

/** What a comparison reads of a report: an EvalReport has it all; a report file is checked for it. */
type ComparableReport = z.infer<typeof reportShape>;

/** A report written by `npm run eval`, checked for the fields a comparison reads. */
export async function readReport(file: string): Promise<ComparableReport> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not a readable JSON report (${(error as Error).message})`, { cause: error });
  }
  const parsed = reportShape.safeParse(value);
  if (!parsed.success)
    throw new Error(
      `${file}: not an eval report (${parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
        .join("; ")})`,
    );
  return parsed.data;
}

function judge(metric: ComparedMetric, before: number | null, after: number | null): MetricDelta["change"] {
  if (before === null || after === null) return "n/a";
  if (metric.startsWith("latency")) {
    if (Math.abs(after - before) <= Math.max(LATENCY_NOISE_SHARE * before, LATENCY_NOISE_MS)) return "same";
    return after < before ? "better" : "worse";
  }
  if (Math.abs(after - before) < 1e-9) return "same";
  return after > before ? "better" : "worse";
}

export function compareReports(before: ComparableReport, after: ComparableReport): Comparison {
  const deltas: MetricDelta[] = [];
  // Not the held-out split: a before/after on it would invite tuning on it (report files never carried it here).
  for (const split of TUNED_SPLITS) {
    const a = before.summary[split];
    const b = after.summary[split];
    if (!a || !b) continue;
    const scopes = ["overall", ...orderCategories([...Object.keys(a.categories), ...Object.keys(b.categories)])];
    for (const scope of scopes) {
      const pick = (summary: typeof a) => (scope === "overall" ? summary.overall : summary.categories[scope]);
      for (const metric of COMPARED) {
        const valueBefore = pick(a)?.[metric] ?? null;
        const valueAfter = pick(b)?.[metric] ?? null;
        deltas.push({
          split,
          scope,
          metric,
          before: valueBefore,
          after: valueAfter,
          change: judge(metric, valueBefore, valueAfter),
        });
      }
    }
  }
  const key = (result: { id: string; split: string }) => `${result.split}/${result.id}`;
  const earlier = new Map(before.results.map((result) => [key(result), result]));
  const later = new Map(after.results.map((result) => [key(result), result]));
  const flip = ({ id, split, category, question }: Flip): Flip => ({ id, split, category, question });
  const fixed: Flip[] = [];
  const broken: Flip[] = [];
  for (const [id, result] of later) {
    const old = earlier.get(id);
    if (!old || old.correct === result.correct) continue;
    (result.correct ? fixed : broken).push(flip(result));
  }
  return {
    before: { createdAt: before.createdAt, mode: before.mode },
    after: { createdAt: after.createdAt, mode: after.mode },
    deltas,
    fixed,
    broken,
    onlyBefore: [...earlier.keys()].filter((id) => !later.has(id)),
    onlyAfter: [...later.keys()].filter((id) => !earlier.has(id)),
  };
}

const show = (value: number | null, metric: ComparedMetric) =>
  value === null ? "—" : metric.startsWith("latency") ? value.toFixed(1) : value.toFixed(3);

function deltaLine(delta: MetricDelta): string {
  const diff =
    delta.before === null || delta.after === null
      ? ""
      : ` (${delta.after - delta.before >= 0 ? "+" : ""}${show(delta.after - delta.before, delta.metric)})`;
  return `${LABELS[delta.metric]}: ${show(delta.before, delta.metric)} → ${show(delta.after, delta.metric)}${diff} ${delta.change}`;
}

export function formatComparison(comparison: Comparison): string {
  const lines = [
    `Comparing ${comparison.before.createdAt} (${comparison.before.mode}) → ${comparison.after.createdAt} (${comparison.after.mode})`,
  ];
  for (const split of SPLITS) {
    const overall = comparison.deltas.filter((delta) => delta.split === split && delta.scope === "overall");
    if (overall.length === 0) continue;
    lines.push("", `${split} overall:`, ...overall.map((delta) => `  ${deltaLine(delta)}`));
    const changed = comparison.deltas.filter(
      (delta) =>
        delta.split === split && delta.scope !== "overall" && (delta.change === "better" || delta.change === "worse"),
    );
    for (const change of ["better", "worse"] as const) {
      const picked = changed.filter((delta) => delta.change === change);
      if (picked.length > 0)
        lines.push(
          `${split} categories that got ${change}:`,
          ...picked.map((delta) => `  ${delta.scope}: ${deltaLine(delta)}`),
        );
    }
    if (changed.length === 0) lines.push(`${split} categories: no change.`);
  }
  const flips = (title: string, list: Flip[]) =>
    list.length === 0
      ? [`${title}: none`]
      : [
          `${title}: ${list.length}`,
          ...list.map((flip) => `  ${flip.id} (${flip.split}, ${flip.category}) ${flip.question}`),
        ];
  lines.push(
    "",
    ...flips("Got better (wrong → right)", comparison.fixed),
    ...flips("Got worse (right → wrong)", comparison.broken),
  );
  if (comparison.onlyBefore.length > 0) lines.push(`Only in the first run: ${comparison.onlyBefore.join(", ")}`);
  if (comparison.onlyAfter.length > 0) lines.push(`Only in the second run: ${comparison.onlyAfter.join(", ")}`);
  return lines.join("\n");
}
