// The reports on a literal run: the HTML is self-contained and escapes what it
// shows, the miss reasons say why a question failed, and the Markdown names the
// categories below target.
import { describe, expect, it } from "vitest";
import { findShortfalls, summarize, TARGETS, type QuestionRecord } from "./metrics.js";
import { categoryChart, escapeHtml, latencyHistogram, renderHtml } from "./report-html.js";
import { missReasons, renderMarkdown } from "./report-markdown.js";
import type { EvalReport } from "./run.js";

const base: QuestionRecord = {
  id: "q1",
  split: "test",
  category: "number",
  question: "江苏省累计建立了多少个产业链党建联盟？",
  query: "江苏省累计建立了多少个产业链党建联盟？",
  refuse: false,
  gold: { match: "all", facts: ["901个"], docId: "gold", quote: "累计建立产业链党建联盟(党委)901个" },
  scoredOn: "lead",
  answer: "901个[1]",
  refused: false,
  mode: "extractive",
  citations: [{ n: 1, docId: "gold", source: "seeds/a.txt", title: "党建聚合力", quote: "901个" }],
  retrieved: [{ docId: "gold", source: "seeds/a.txt", title: "党建聚合力" }],
  goldRank: 1,
  answerCorrect: true,
  citationCorrect: true,
  correct: true,
  latencyMs: 3,
};

const results: QuestionRecord[] = [
  base,
  {
    ...base,
    id: "q2",
    category: "paraphrase",
    question: "<script>alert(1)</script>多少？",
    answer: "语料中没有找到",
    refused: true,
    citations: [],
    answerCorrect: false,
    citationCorrect: false,
    correct: false,
    goldRank: 7,
    latencyMs: 5,
  },
  {
    ...base,
    id: "q3",
    category: "date",
    answer: "90个[1]",
    citations: [{ ...base.citations[0]!, docId: "other", quote: "90个" }],
    answerCorrect: false,
    citationCorrect: false,
    correct: false,
    latencyMs: 40,
  },
  {
    ...base,
    id: "q4",
    category: "distractor",
    refuse: true,
    gold: { match: "all", facts: [] },
    goldRank: null,
    answerCorrect: null,
    citationCorrect: null,
    correct: false,
    latencyMs: 2,
  },
];
const summary = summarize(results);
const report: EvalReport = {
  formatVersion: 1,
  createdAt: "2026-01-01T00:00:00.000Z",
  mode: "extractive",
  split: "test",
  questionErrors: [{ line: 7, message: "not valid JSON" }],
  targets: TARGETS,
  summary,
  shortfalls: findShortfalls(summary),
  results,
};

describe("missReasons", () => {
  it("says why each question missed", () => {
    expect(missReasons(results[0]!)).toEqual([]);
    expect(missReasons(results[1]!)).toEqual([
      "refused an answerable question",
      "gold article retrieved only at rank 7",
    ]);
    expect(missReasons(results[2]!)).toEqual([
      "gold fact missing from the answer's lead: 901个",
      "no citation from the gold article",
    ]);
    expect(missReasons(results[3]!)).toEqual(["answered a question the corpus cannot answer (should refuse)"]);
  });
});

describe("renderHtml", () => {
  const html = renderHtml(report);

  it("is one self-contained UTF-8 page: no scripts, no fetched fonts, styles or images", () => {
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, "")).not.toMatch(/https?:/);
  });

  it("escapes question text", () => {
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;多少？");
    expect(escapeHtml(`a<b>"c"&`)).toBe("a&lt;b&gt;&quot;c&quot;&amp;");
  });

  it("draws the per-category bars, the latency histogram and a table of every miss", () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain("Misses (3 of 4)");
    expect(html.match(/<tr><td><b>q\d/g)).toHaveLength(3);
    expect(html).toContain("line 7: not valid JSON");
  });

  it("sizes bars by value and marks p50 and p95 on the histogram", () => {
    const chart = categoryChart("t", [["number", summary.test!.categories.number!]]);
    expect(chart).toContain("number: answer accuracy 1.000");
    expect(chart).toContain('height="200"');
    const histogram = latencyHistogram([1, 2, 3, 40], 2, 40);
    expect(histogram).toContain("p50 2.0 ms");
    expect(histogram).toContain("p95 40.0 ms");
    expect(latencyHistogram([], null, null)).toContain("No latencies");
  });
});

describe("renderMarkdown", () => {
  it("names the categories below target and lists the misses", () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(
      "- test / paraphrase: answer accuracy 0.00 < 0.80; citation accuracy 0.00 < 0.80; refused 1 answerable question(s), which pulls overall refusal precision down; recall@5 0.00 < 0.95",
    );
    expect(markdown).toContain("- test / distractor: refusal recall 0.00 < 0.80");
    expect(markdown).toContain(
      "- `q3` (test, date) 江苏省累计建立了多少个产业链党建联盟？ — gold fact missing from the answer's lead: 901个; no citation from the gold article",
    );
    expect(markdown).toContain("| paraphrase | 1 | 0.00 | 0.00 | 0.14 | 0.00 (0/1) | 0.00 (0/1) | — | — | — | 1 |");
  });
});
