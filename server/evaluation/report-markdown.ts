// The Markdown summary beside each JSON report (also what the CLI prints and
// the README quotes), and the per-question miss reasons both reports share.
import {
  answerBody,
  answerLead,
  METRIC_LABELS,
  normalizeText,
  SPLITS,
  type Metrics,
  type QuestionRecord,
  type Shortfall,
  type Split,
} from "./metrics.js";
import type { EvalReport } from "./report-types.js";

export function formatShare(value: number | null, digits = 2): string {
  return value === null ? "—" : value.toFixed(digits);
}

function withCount(value: number | null, count: number, total: number): string {
  return value === null ? "—" : `${value.toFixed(2)} (${count}/${total})`;
}

function formatMs(value: number | null): string {
  return value === null ? "—" : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

const HEADER = [
  "| scope | n | R@1 | R@5 | MRR | answer acc. | citation acc. | context recall | refusal P | refusal R | false refusals | p50 ms | p95 ms |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
];

// Refusal precision is a split-level number: inside a category every question is a positive
// or every one a negative, so the category rows show false refusals instead.
function row(scope: string, metrics: Metrics, overall = false): string {
  const cells = [
    scope,
    String(metrics.questions),
    formatShare(metrics.recallAt1),
    formatShare(metrics.recallAt5),
    formatShare(metrics.mrr),
    withCount(metrics.answerAccuracy, metrics.answerCorrect, metrics.answerable),
    withCount(metrics.citationAccuracy, metrics.citationCorrect, metrics.answerable),
    formatShare(metrics.contextRecall),
    overall ? withCount(metrics.refusalPrecision, metrics.correctRefusals, metrics.refused) : "—",
    withCount(metrics.refusalRecall, metrics.correctRefusals, metrics.mustRefuse),
    String(metrics.falseRefusals),
    formatMs(metrics.latencyP50),
    formatMs(metrics.latencyP95),
  ];
  return `| ${cells.join(" | ")} |`;
}

/** One table per split: overall first, then each category. */
export function summaryTables(report: EvalReport): string {
  const parts: string[] = [];
  for (const split of SPLITS) {
    const summary = report.summary[split];
    if (!summary) continue;
    const rows = [
      row("**overall**", summary.overall, true),
      ...Object.entries(summary.categories).map(([category, metrics]) => row(category, metrics)),
    ];
    parts.push(
      `### ${split} split (${summary.overall.questions} questions, mode ${report.mode})\n\n${[...HEADER, ...rows].join("\n")}`,
    );
  }
  return parts.join("\n\n");
}

function describeShortfall(shortfall: Shortfall): string {
  const label = METRIC_LABELS[shortfall.metric];
  if (shortfall.falseRefusals !== undefined)
    return `refused ${shortfall.falseRefusals} answerable question(s), which pulls overall ${label} down`;
  return `${label} ${shortfall.value.toFixed(2)} < ${shortfall.target.toFixed(2)}`;
}

/** One line per split and scope that falls short, e.g. "test / date: answer accuracy 0.50 < 0.90; refused 2 …". */
export function shortfallLines(shortfalls: Shortfall[], split: Split): string[] {
  const byScope = new Map<string, Shortfall[]>();
  for (const shortfall of shortfalls.filter((item) => item.split === split))
    byScope.set(shortfall.scope, [...(byScope.get(shortfall.scope) ?? []), shortfall]);
  return [...byScope].map(([scope, items]) => `${split} / ${scope}: ${items.map(describeShortfall).join("; ")}`);
}

/** Why a question counts as a miss, in words an evaluator can act on; empty when it did not miss. */
export function missReasons(record: QuestionRecord): string[] {
  const reasons: string[] = [];
  if (record.error) reasons.push(`error: ${record.error}`);
  if (record.refuse) {
    if (!record.refused) reasons.push("answered a question the corpus cannot answer (should refuse)");
    return reasons;
  }
  if (record.refused) reasons.push("refused an answerable question");
  else if (record.answerCorrect === false) {
    const scored = record.scoredOn === "lead" ? answerLead(record.answer) : answerBody(record.answer);
    const where = record.scoredOn === "lead" ? "the answer's lead" : "the answer";
    const present = (fact: string) => normalizeText(scored).includes(normalizeText(fact));
    const missing = record.gold.facts.filter((fact) => !present(fact));
    if (record.gold.match === "all") reasons.push(`gold fact missing from ${where}: ${missing.join("、")}`);
    else if (record.gold.match === "any")
      reasons.push(`none of the gold facts in ${where}: ${record.gold.facts.join("、")}`);
    else {
      const found = record.gold.facts.length - missing.length;
      reasons.push(
        `${found} of the gold facts in ${where}, ${record.gold.min ?? 0} needed; missing: ${missing.join("、")}`,
      );
    }
  }
  if (!record.refused && record.citationCorrect === false) {
    const fromGold = record.citations.some((citation) => citation.docId === record.gold.docId);
    reasons.push(
      fromGold ? "cites the gold article, but no cited quote holds a gold fact" : "no citation from the gold article",
    );
  }
  if (record.goldRank === 0) reasons.push("gold article not retrieved (top 20 chunks)");
  else if (record.goldRank !== null && record.goldRank > 5)
    reasons.push(`gold article retrieved only at rank ${record.goldRank}`);
  return reasons;
}

/**
 * The misses a report lists. The holdout split is scored but its misses are never shown:
 * whoever tunes the engine must not learn from them, or the holdout stops being held out.
 */
export function inspectableMisses(records: QuestionRecord[]): {
  shown: Array<{ record: QuestionRecord; reasons: string[] }>;
  withheld: number;
} {
  const misses = records
    .map((record) => ({ record, reasons: missReasons(record) }))
    .filter((miss) => miss.reasons.length > 0);
  const shown = misses.filter((miss) => miss.record.split !== "holdout");
  return { shown, withheld: misses.length - shown.length };
}

export function withheldNote(withheld: number): string {
  return `${withheld} holdout miss(es) not listed: the holdout split is scored, never inspected.`;
}

export function renderMarkdown(report: EvalReport): string {
  const lines: string[] = [
    `# Eval report ${report.createdAt}`,
    "",
    `Mode: ${report.mode} · split: ${report.split} · questions: ${report.results.length}${report.questionsFile ? ` from \`${report.questionsFile}\`` : ""}`,
    "",
    "Answer and citation accuracy are over answerable questions; context recall is the share of gold facts in the evidence the LLM path hands the model (measured offline);",
    "R@k and MRR rank the gold article among distinct retrieved articles;",
    "refusal precision/recall treat questions that must be refused as positives (counts in brackets).",
    "",
  ];
  if (report.questionErrors.length > 0) {
    lines.push(
      "## Malformed question lines (skipped)",
      "",
      ...report.questionErrors.map((error) => `- line ${error.line}: ${error.message}`),
      "",
    );
  }
  lines.push("## Summary", "", summaryTables(report), "");
  const targets = Object.entries(report.targets).map(
    ([metric, target]) => `${METRIC_LABELS[metric as keyof typeof METRIC_LABELS]} ≥ ${target}`,
  );
  lines.push(
    "## Against the targets",
    "",
    `Targets (issue 12, test split, overall; 0.80 in every category): ${targets.join(", ")}.`,
    "",
  );
  const testShortfalls = shortfallLines(report.shortfalls, "test");
  if (!report.summary.test) lines.push("No test-split questions in this run.");
  else if (testShortfalls.length === 0) lines.push("The test split meets every target, overall and in every category.");
  else lines.push("Falls short on the test split:", "", ...testShortfalls.map((line) => `- ${line}`));
  const devShortfalls = shortfallLines(report.shortfalls, "dev");
  if (devShortfalls.length > 0)
    lines.push("", "Falls short on the dev split:", "", ...devShortfalls.map((line) => `- ${line}`));
  const { shown, withheld } = inspectableMisses(report.results);
  lines.push("", `## Misses (${shown.length})`, "", "See the HTML report for answers, gold quotes and sources.", "");
  if (withheld > 0) lines.push(withheldNote(withheld), "");
  for (const { record, reasons } of shown)
    lines.push(`- \`${record.id}\` (${record.split}, ${record.category}) ${record.question} — ${reasons.join("; ")}`);
  return `${lines.join("\n")}\n`;
}
