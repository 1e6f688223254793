// The HTML report: one self-contained file (inline CSS and SVG, no scripts or
// fonts to fetch) so it opens from disk, from a CI artefact or from an email.
import {
  CATEGORY_TARGETS,
  METRIC_LABELS,
  percentile,
  SPLITS,
  TARGETS,
  type GatedMetric,
  type Metrics,
  type QuestionRecord,
  type SourceRef,
} from "./metrics.js";
import { formatShare, inspectableMisses, shortfallLines, withheldNote } from "./report-markdown.js";
import type { EvalReport } from "./report-types.js";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#1f2933;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #d9e2ec;padding-bottom:4px}h3{font-size:15px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #d9e2ec;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f0f4f8}td.num{text-align:right;white-space:nowrap}td.low{background:#ffe3e3;color:#8a1c1c;font-weight:600}
.misses td{max-width:320px}.quote{color:#52606d;font-size:12px}.gold{background:#e3f9e5}.tag{display:inline-block;background:#fff3c4;border-radius:3px;padding:0 4px;margin:1px 0}
.muted{color:#7b8794}.charts{display:flex;flex-wrap:wrap;gap:24px}svg text{font-family:inherit}`;

const SERIES: Array<{ key: "answerAccuracy" | "recallAt5" | "refusalRecall"; label: string; color: string }> = [
  { key: "answerAccuracy", label: "answer accuracy", color: "#3e7cb1" },
  { key: "recallAt5", label: "recall@5", color: "#81b29a" },
  { key: "refusalRecall", label: "refusal recall", color: "#e07a5f" },
];

/** Grouped bars per category (and overall): answer accuracy, recall@5, refusal recall where defined. */
export function categoryChart(title: string, scopes: Array<[string, Metrics]>): string {
  const group = 74,
    bar = 21,
    left = 40,
    top = 56,
    height = 200,
    bottom = 90;
  const plotRight = left + scopes.length * group + 6;
  const width = plotRight + 70;
  const y = (value: number) => top + height - value * height;
  const parts: string[] = [`<text x="${left}" y="16" font-size="14" font-weight="600">${escapeHtml(title)}</text>`];
  SERIES.forEach((series, i) => {
    const x = left + i * 140;
    parts.push(
      `<rect x="${x}" y="24" width="10" height="10" fill="${series.color}"/><text x="${x + 14}" y="33" font-size="11">${series.label}</text>`,
    );
  });
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<line x1="${left}" x2="${plotRight}" y1="${y(tick)}" y2="${y(tick)}" stroke="#d9e2ec"/><text x="${left - 6}" y="${y(tick) + 4}" font-size="10" text-anchor="end">${tick.toFixed(2)}</text>`,
    );
  }
  // The 0.90 line is the answer and citation target: bars below it are the categories to look at.
  parts.push(
    `<line x1="${left}" x2="${plotRight}" y1="${y(0.9)}" y2="${y(0.9)}" stroke="#c81d25" stroke-dasharray="4 3"/><text x="${plotRight + 4}" y="${y(0.9) + 4}" font-size="10" fill="#c81d25">0.90 target</text>`,
  );
  scopes.forEach(([scope, metrics], index) => {
    const x0 = left + index * group + 6;
    SERIES.forEach((series, i) => {
      const value = metrics[series.key];
      if (value === null) return;
      const x = x0 + i * bar;
      parts.push(
        `<rect x="${x}" y="${y(value)}" width="${bar - 3}" height="${Math.max(value * height, 1)}" fill="${series.color}"><title>${escapeHtml(`${scope}: ${series.label} ${value.toFixed(3)}`)}</title></rect>`,
      );
      parts.push(
        `<text x="${x + (bar - 3) / 2}" y="${y(value) - 3}" font-size="9" text-anchor="middle">${Math.round(value * 100)}</text>`,
      );
    });
    const labelX = x0 + (SERIES.length * bar) / 2;
    parts.push(
      `<text x="${labelX}" y="${top + height + 14}" font-size="11" text-anchor="end" transform="rotate(-35 ${labelX} ${top + height + 14})">${escapeHtml(scope)}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + height + bottom}" role="img" aria-label="${escapeHtml(title)}">${parts.join("")}</svg>`;
}

/** A step for bin edges that reads well: 1, 2 or 5 times a power of ten. */
function niceStep(range: number, bins: number): number {
  const raw = Math.max(range / bins, 1e-3);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= raw)!;
}

/** Histogram of per-question latency with the p50 and p95 marked. */
export function latencyHistogram(latencies: number[], p50: number | null, p95: number | null): string {
  if (latencies.length === 0) return '<p class="muted">No latencies recorded.</p>';
  const step = niceStep(Math.max(...latencies), 14);
  const bins = Array.from({ length: Math.floor(Math.max(...latencies) / step) + 1 }, () => 0);
  for (const latency of latencies) bins[Math.floor(latency / step)]! += 1;
  const left = 44,
    top = 48,
    height = 180,
    barWidth = Math.max(14, Math.min(40, 560 / bins.length));
  const width = Math.max(520, left + bins.length * barWidth + 30);
  const most = Math.max(...bins);
  // The tallest bar reaches 90% of the plot so its count label stays inside the chart.
  const y = (count: number) => top + height - (count / most) * height * 0.9;
  const x = (ms: number) => left + (ms / step) * barWidth;
  const parts = [
    `<text x="0" y="16" font-size="14" font-weight="600">Latency per question (ms, answerer timings.totalMs)</text>`,
  ];
  bins.forEach((count, i) => {
    if (count > 0)
      parts.push(
        `<rect x="${left + i * barWidth + 1}" y="${y(count)}" width="${barWidth - 2}" height="${top + height - y(count)}" fill="#5c7aea"><title>${+(i * step).toFixed(2)}–${+((i + 1) * step).toFixed(2)} ms: ${count}</title></rect><text x="${left + i * barWidth + barWidth / 2}" y="${y(count) - 3}" font-size="9" text-anchor="middle">${count}</text>`,
      );
  });
  for (let i = 0; i <= bins.length; i += Math.ceil(bins.length / 8)) {
    parts.push(
      `<text x="${left + i * barWidth}" y="${top + height + 14}" font-size="10" text-anchor="middle">${+(i * step).toFixed(2)}</text>`,
    );
  }
  parts.push(
    `<line x1="${left}" x2="${left + bins.length * barWidth}" y1="${top + height}" y2="${top + height}" stroke="#52606d"/><line x1="${left}" x2="${left}" y1="${top}" y2="${top + height}" stroke="#52606d"/>`,
  );
  parts.push(
    `<text x="${left - 6}" y="${y(most) + 4}" font-size="10" text-anchor="end">${most}</text><text x="${left - 6}" y="${top + height}" font-size="10" text-anchor="end">0</text>`,
  );
  parts.push(
    `<text x="${left + (bins.length * barWidth) / 2}" y="${top + height + 28}" font-size="10" text-anchor="middle">ms per question · bars count questions</text>`,
  );
  // p50 and p95 labels sit on two rows above the plot so they never overlap each other or a bar.
  for (const [label, value, color, row] of [
    ["p50", p50, "#2f9e44", 0],
    ["p95", p95, "#c81d25", 1],
  ] as const) {
    if (value === null) continue;
    parts.push(
      `<line x1="${x(value)}" x2="${x(value)}" y1="${top - 6 - row * 12}" y2="${top + height}" stroke="${color}" stroke-dasharray="4 3"/><text x="${x(value) + 3}" y="${top - 8 - row * 12}" font-size="10" fill="${color}">${label} ${value.toFixed(1)} ms</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + height + 36}" role="img" aria-label="latency histogram">${parts.join("")}</svg>`;
}

function summaryTable(scopes: Array<[string, Metrics]>): string {
  // Refusal precision is shown on the overall row only: a category is all positives or all negatives.
  const gated = (metric: GatedMetric, value: number | null, scope: string) => {
    const target = (scope === "overall" ? TARGETS : CATEGORY_TARGETS)[metric];
    return `<td class="num${value !== null && value < target ? " low" : ""}">${formatShare(value)}</td>`;
  };
  const header =
    "<tr><th>scope</th><th>n</th><th>R@1</th><th>R@5</th><th>MRR</th><th>answer acc.</th><th>citation acc.</th><th>context recall</th><th>refusal P</th><th>refusal R</th><th>false refusals</th><th>p50 ms</th><th>p95 ms</th></tr>";
  const rows = scopes.map(
    ([scope, m]) =>
      `<tr><td>${escapeHtml(scope)}</td><td class="num">${m.questions}</td><td class="num">${formatShare(m.recallAt1)}</td>${gated("recallAt5", m.recallAt5, scope)}<td class="num">${formatShare(m.mrr)}</td>` +
      `${gated("answerAccuracy", m.answerAccuracy, scope)}${gated("citationAccuracy", m.citationAccuracy, scope)}<td class="num">${formatShare(m.contextRecall)}</td>${scope === "overall" ? gated("refusalPrecision", m.refusalPrecision, scope) : '<td class="num">—</td>'}${gated("refusalRecall", m.refusalRecall, scope)}` +
      `<td class="num">${m.falseRefusals}</td><td class="num">${formatShare(m.latencyP50, 1)}</td><td class="num">${formatShare(m.latencyP95, 1)}</td></tr>`,
  );
  return `<table>${header}${rows.join("")}</table>`;
}

function sourceLine(source: SourceRef, goldDocId: string | undefined, prefix: string): string {
  return `<div${source.docId === goldDocId ? ' class="gold"' : ""}>${prefix}《${escapeHtml(source.title)}》 <span class="muted">${escapeHtml(source.docId)}</span></div>`;
}

function missRow(record: QuestionRecord, reasons: string[], titles: Map<string, string>): string {
  const goldDoc = record.gold.docId;
  const question =
    `<b>${escapeHtml(record.id)}</b> <span class="muted">${record.split} · ${escapeHtml(record.category)}${record.followUpOf ? ` · follow-up of ${escapeHtml(record.followUpOf)}` : ""}</span><br>${escapeHtml(record.question)}` +
    (record.rewritten ? `<br><span class="muted">rewritten:</span> ${escapeHtml(record.rewritten)}` : "") +
    (record.query !== (record.rewritten ?? record.question)
      ? `<br><span class="muted">searched as:</span> ${escapeHtml(record.query)}`
      : "");
  const answer = `${record.refused ? '<span class="tag">refused</span> ' : ""}${escapeHtml(record.answer)}`;
  const gold = record.refuse
    ? "<i>must refuse</i>"
    : `${record.gold.match}: ${record.gold.facts.map((fact) => `<b>${escapeHtml(fact)}</b>`).join("、")}<br>《${escapeHtml(titles.get(goldDoc ?? "") ?? "?")}》 <span class="muted">${escapeHtml(goldDoc ?? "")}</span>` +
      (record.gold.quote ? `<div class="quote">${escapeHtml(record.gold.quote)}</div>` : "");
  const retrieved =
    record.retrieved.map((source, i) => sourceLine(source, goldDoc, `${i + 1}. `)).join("") +
    (record.goldRank === null ? "" : `<div class="muted">gold rank: ${record.goldRank || "not found"}</div>`);
  const cited =
    record.citations
      .map(
        (citation) =>
          `${sourceLine(citation, goldDoc, `[${citation.n}] `)}<div class="quote">${escapeHtml(citation.quote)}</div>`,
      )
      .join("") || '<span class="muted">none</span>';
  const why = reasons.map((reason) => `<div class="tag">${escapeHtml(reason)}</div>`).join("");
  return `<tr><td>${question}</td><td>${answer}</td><td>${gold}</td><td>${retrieved}</td><td>${cited}</td><td>${why}</td></tr>`;
}

export function renderHtml(report: EvalReport): string {
  const titles = new Map<string, string>();
  for (const record of report.results)
    for (const source of [...record.retrieved, ...record.citations]) titles.set(source.docId, source.title);
  const body: string[] = [
    `<h1>Eval report · ${escapeHtml(report.createdAt)}</h1>`,
    `<p>Mode <b>${report.mode}</b> · split ${report.split} · ${report.results.length} questions${report.questionsFile ? ` from <code>${escapeHtml(report.questionsFile)}</code>` : ""}. ` +
      "Accuracy is over answerable questions; R@k and MRR rank the gold article among distinct retrieved articles; questions that must be refused are the positives of refusal precision/recall. Red cells fall below the target (issue 12: 0.90 overall, 0.80 in a category).</p>",
  ];
  if (report.questionErrors.length > 0) {
    body.push(
      `<h2>Malformed question lines (skipped)</h2><ul>${report.questionErrors.map((error) => `<li>line ${error.line}: ${escapeHtml(error.message)}</li>`).join("")}</ul>`,
    );
  }
  const targets = Object.entries(report.targets)
    .map(([metric, target]) => `${METRIC_LABELS[metric as GatedMetric]} ≥ ${target}`)
    .join(", ");
  const shortfalls = shortfallLines(report.shortfalls, "test");
  body.push(`<h2>Against the targets</h2><p>Targets (test split): ${targets}.</p>`);
  body.push(
    !report.summary.test
      ? "<p>No test-split questions in this run.</p>"
      : shortfalls.length === 0
        ? "<p>The test split meets every target.</p>"
        : `<p>Falls short on the test split:</p><ul>${shortfalls.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`,
  );
  for (const split of SPLITS) {
    const summary = report.summary[split];
    if (!summary) continue;
    const scopes: Array<[string, Metrics]> = [["overall", summary.overall], ...Object.entries(summary.categories)];
    body.push(
      `<h2>${split} split</h2>`,
      summaryTable(scopes),
      `<div class="charts">${categoryChart(`${split}: per category`, scopes)}</div>`,
    );
  }
  const latencies = report.results.map((record) => record.latencyMs);
  body.push(
    "<h2>Latency (all questions in the run)</h2>",
    latencyHistogram(latencies, percentile(latencies, 50), percentile(latencies, 95)),
  );
  const { shown: misses, withheld } = inspectableMisses(report.results);
  body.push(`<h2>Misses (${misses.length} of ${report.results.length})</h2>`);
  if (withheld > 0) body.push(`<p>${escapeHtml(withheldNote(withheld))}</p>`);
  body.push(
    misses.length === 0
      ? "<p>No misses.</p>"
      : `<table class="misses"><tr><th>question</th><th>answer</th><th>gold</th><th>retrieved (top articles)</th><th>cited</th><th>why</th></tr>${misses.map(({ record, reasons }) => missRow(record, reasons, titles)).join("")}</table>`,
  );
  return `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Eval report ${escapeHtml(report.createdAt)}</title><style>${STYLE}</style></head><body>${body.join("\n")}</body></html>\n`;
}
