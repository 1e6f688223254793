// --compare: metric deltas overall and per category, and questions that
// flipped between right and wrong, on two small literal runs.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compareReports, formatComparison, readReport } from "./compare.js";
import { summarize, type QuestionRecord } from "./metrics.js";

function record(id: string, category: string, correct: boolean, latencyMs = 10): QuestionRecord {
  return {
    id,
    split: "test",
    category,
    question: `问题${id}`,
    query: `问题${id}`,
    refuse: false,
    gold: { match: "all", facts: ["1个"], docId: "d1" },
    scoredOn: "lead",
    answer: correct ? "1个" : "不知道",
    refused: false,
    mode: "extractive",
    citations: [],
    retrieved: [],
    goldRank: 1,
    answerCorrect: correct,
    citationCorrect: correct,
    correct,
    latencyMs,
  };
}

function report(createdAt: string, results: QuestionRecord[]) {
  return {
    formatVersion: 1 as const,
    createdAt,
    mode: "extractive" as const,
    split: "all" as const,
    questionErrors: [],
    summary: summarize(results),
    results,
  };
}

const before = report("2026-01-01T00:00:00.000Z", [
  record("q1", "number", true),
  record("q2", "number", false),
  record("q3", "paraphrase", true),
  record("q4", "date", true),
]);
const after = report("2026-01-02T00:00:00.000Z", [
  record("q1", "number", true),
  record("q2", "number", true),
  record("q3", "paraphrase", false),
  record("q5", "date", true, 14),
]);

describe("compareReports", () => {
  const comparison = compareReports(before, after);

  it("lists the questions that flipped, and those in one run only", () => {
    expect(comparison.fixed.map((flip) => flip.id)).toEqual(["q2"]);
    expect(comparison.broken).toEqual([{ id: "q3", split: "test", category: "paraphrase", question: "问题q3" }]);
    expect(comparison.onlyBefore).toEqual(["test/q4"]);
    expect(comparison.onlyAfter).toEqual(["test/q5"]);
  });

  it("computes deltas overall and per category, judging latency within noise as the same", () => {
    const find = (scope: string, metric: string) =>
      comparison.deltas.find((delta) => delta.scope === scope && delta.metric === metric)!;
    expect(find("number", "answerAccuracy")).toMatchObject({ before: 0.5, after: 1, change: "better" });
    expect(find("paraphrase", "answerAccuracy")).toMatchObject({ before: 1, after: 0, change: "worse" });
    expect(find("overall", "answerAccuracy")).toMatchObject({ before: 0.75, after: 0.75, change: "same" });
    expect(find("overall", "refusalRecall")).toMatchObject({ before: null, after: null, change: "n/a" });
    expect(find("date", "latencyP50")).toMatchObject({ before: 10, after: 14, change: "same" });
  });

  it("prints what got better and worse", () => {
    const text = formatComparison(comparison);
    expect(text).toContain("test overall:");
    expect(text).toContain("answer accuracy: 0.750 → 0.750 (+0.000) same");
    expect(text).toContain(
      "test categories that got better:\n  number: answer accuracy: 0.500 → 1.000 (+0.500) better",
    );
    expect(text).toContain("paraphrase: answer accuracy: 1.000 → 0.000 (-1.000) worse");
    expect(text).toContain("Got better (wrong → right): 1\n  q2 (test, number) 问题q2");
    expect(text).toContain("Got worse (right → wrong): 1\n  q3 (test, paraphrase) 问题q3");
  });
});

describe("readReport", () => {
  it("reads a report and names what is wrong with a file that is not one", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "eval-compare-"));
    try {
      await writeFile(path.join(dir, "good.json"), JSON.stringify(before));
      await writeFile(path.join(dir, "bad.json"), JSON.stringify({ formatVersion: 1, createdAt: "x" }));
      await writeFile(path.join(dir, "broken.json"), "{");
      expect((await readReport(path.join(dir, "good.json"))).results).toHaveLength(4);
      await expect(readReport(path.join(dir, "bad.json"))).rejects.toThrow(/bad\.json: not an eval report \(mode: /);
      await expect(readReport(path.join(dir, "broken.json"))).rejects.toThrow(
        /broken\.json: not a readable JSON report/,
      );
      await expect(readReport(path.join(dir, "missing.json"))).rejects.toThrow(/missing\.json/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
