// The README generator: a marked section is replaced whole, a missing marker is an
// error (never a silent append), and the eval section says what the run says.
import { describe, expect, it } from "vitest";
import { findShortfalls, summarize, TARGETS, type QuestionRecord } from "../server/evaluation/metrics.js";
import { benchForReadme, evalSection, replaceSection } from "./readme-tables.js";
import { renderMarkdown, type BenchResult } from "./report.js";
import type { EvalReport } from "../server/evaluation/run.js";

describe("replaceSection", () => {
  const readme = "# T\n\n<!-- eval-results:begin -->\nold 0.80\n<!-- eval-results:end -->\n\nafter\n";
  it("replaces what lies between the markers and keeps the rest", () => {
    expect(replaceSection(readme, "eval-results", "new 0.91")).toBe(
      "# T\n\n<!-- eval-results:begin -->\nnew 0.91\n<!-- eval-results:end -->\n\nafter\n",
    );
  });
  it("refuses a README without the markers", () => {
    expect(() => replaceSection("# T\n", "bench-results", "x")).toThrow(
      "README.md has no <!-- bench-results:begin -->",
    );
  });
});

describe("evalSection", () => {
  const record = (id: string, correct: boolean): QuestionRecord => ({
    id,
    split: "test",
    category: "number",
    question: "江苏省累计建立了多少个产业链党建联盟？",
    query: "q",
    refuse: false,
    gold: { match: "all", facts: ["901个"], docId: "d1" },
    scoredOn: "lead",
    answer: correct ? "901个[1]" : "42个[1]",
    refused: false,
    mode: "extractive",
    citations: [],
    retrieved: [],
    goldRank: 1,
    answerCorrect: correct,
    citationCorrect: correct,
    correct,
    latencyMs: 2,
  });
  it("prints the run's tables and names the shortfalls it measured", () => {
    const results = [record("a", true), record("b", false)];
    const summary = summarize(results);
    const report: EvalReport = {
      formatVersion: 1,
      createdAt: "2026-12-01T00:00:00.000Z",
      mode: "extractive",
      split: "test",
      questionErrors: [],
      targets: TARGETS,
      summary,
      shortfalls: findShortfalls(summary),
      results,
    };
    const section = evalSection(report, "abc1234");
    expect(section).toContain("eval run of 2026-12-01T00:00:00.000Z (commit abc1234");
    expect(section).toContain("| **overall** | 2 |");
    expect(section).toContain("0.50 (1/2)");
    expect(section).toMatch(/- test falls short: overall: answer accuracy 0\.50/);
  });
});

describe("benchForReadme", () => {
  const run = (startedAt: string, parts: Partial<BenchResult>): BenchResult => ({
    startedAt,
    quick: false,
    totalSeconds: 1,
    machine: { cpus: 2, cpuModel: "cpu", memoryGiB: 24, node: "v20", platform: "linux" },
    seedBytes: 1000,
    sizes: [],
    ...parts,
  });
  const load: BenchResult["load"] = {
    idleServerRss: 1,
    socket: [],
    http: {
      connections: 50,
      seconds: 10,
      requestsPerSec: 1,
      latencyMs: { p50: 1, p97_5: 1, p99: 1 },
      non2xx: 0,
      errors: 0,
      timeouts: 0,
    },
    finalServerRss: { rss: 1, peakRss: 1 },
  };
  const scale: BenchResult["scale"] = { store: [] };
  it("takes the newest run whole when it measured everything", () => {
    const latest = run("2026-12-02", { load, scale });
    expect(benchForReadme([run("2026-12-01", { load, scale }), latest])).toBe(latest);
  });
  it("fills what the newest run skipped from the newest earlier run that has it, and says whose it is", () => {
    const merged = benchForReadme([
      run("2026-11-30", { load, scale }),
      run("2026-12-01", { scale: { store: [] } }),
      run("2026-12-02", {}),
    ]);
    expect(merged.startedAt).toBe("2026-12-02");
    expect(merged.borrowed).toEqual({ load: "2026-11-30", scale: "2026-12-01" });
    expect(renderMarkdown({ ...merged, load: undefined })).toContain(
      "This run skipped some parts; below are the server load tables from the run of 2026-11-30, and the several-processes and database-store tables from the run of 2026-12-01.",
    );
  });
});
