// The question file's boundary: each malformed line is reported with its line
// number and what is wrong, and the other lines still load; a gated run refuses
// a damaged file; and no test or holdout question is pinned in a unit test.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../server/config.js";
import { parseQuestionLines, readQuestionFile, readQuestionFiles } from "../server/evaluation/questions.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "eval-questions-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const good = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    split: "dev",
    category: "number",
    question: "江苏省累计建立了多少个产业链党建联盟？",
    answer: { all: ["901个"] },
    refuse: false,
    docId: "003_518b5102fb447ec0-a01",
    quote: "江苏省累计建立产业链党建联盟(党委)901个",
    ...extra,
  });

async function load(lines: string[]) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(file, `${lines.join("\n")}\n`);
  return readQuestionFile(file);
}

describe("readQuestionFile", () => {
  it("reports a bad JSON line, a missing field and a duplicate id by line, and keeps the rest", async () => {
    const { questions, errors } = await load([
      good("a"),
      '{"id": "b", "split": "dev",',
      "",
      JSON.stringify({ id: "c", split: "dev", category: "number", answer: { all: ["1"] }, refuse: true }),
      good("a"),
      good("d"),
    ]);
    expect(questions.map((question) => question.id)).toEqual(["a", "d"]);
    expect(errors.map((error) => error.line)).toEqual([2, 4, 5]);
    expect(errors[0]!.message).toMatch(/^not valid JSON/);
    expect(errors[1]!.message).toMatch(/^question: /);
    expect(errors[2]!.message).toBe('duplicate id "a"');
  });

  it("rejects an unknown category, an answerable question without its gold article, and bad answer semantics", async () => {
    const { questions, errors } = await load([
      good("a", { category: "trivia" }),
      good("b", { docId: undefined }),
      good("c", { answer: { any: [] } }),
      good("d", { answer: { some: ["x"] } }),
    ]);
    expect(questions).toEqual([]);
    expect(errors.map((error) => error.line)).toEqual([1, 2, 3, 4]);
    expect(errors[0]!.message).toMatch(/^category: /);
    expect(errors[1]!.message).toContain("an answerable question needs docId and quote");
    expect(errors[2]!.message).toMatch(/^answer/);
  });

  it("needs a follow-up's earlier question on an earlier line", async () => {
    const { questions, errors } = await load([
      good("b", { followUpOf: "a" }),
      good("a"),
      good("c", { followUpOf: "a" }),
    ]);
    expect(questions.map((question) => question.id)).toEqual(["a", "c"]);
    expect(errors).toEqual([{ line: 1, message: 'followUpOf "a" does not name a valid question on an earlier line' }]);
  });

  it("loads the project's question set without errors", async () => {
    const { questions, errors } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
    expect(errors).toEqual([]);
    expect(questions.length).toBeGreaterThanOrEqual(80);
    expect(questions.filter((question) => question.refuse).length).toBeGreaterThanOrEqual(15);
  });

  it("keeps the team's probe questions dev-only and apart from the test and holdout questions", async () => {
    const probes = await readQuestionFile(path.join(PROJECT_ROOT, "eval/probes.jsonl"));
    expect(probes.errors).toEqual([]);
    expect(probes.questions.every((question) => question.split === "dev")).toBe(true);
    const gated = await readQuestionFiles(
      ["eval/questions.jsonl", "eval/holdout.jsonl"].map((file) => path.join(PROJECT_ROOT, file)),
    );
    const unseen = new Set(
      gated.questions.filter((question) => question.split !== "dev").map((question) => question.question),
    );
    expect(probes.questions.filter((question) => unseen.has(question.question))).toEqual([]);
  });
});

describe("the question kinds of the answer engine", () => {
  const line = (value: Record<string, unknown>) => JSON.stringify(value);
  const open = {
    id: "o",
    split: "dev",
    category: "open",
    question: "贵州省工信厅是怎么做的？",
    refuse: false,
    docId: "d",
    quote: "q",
  };
  it("takes open questions with facts and a minimum, and compare questions with two gold passages", () => {
    const { questions, errors } = parseQuestionLines(
      [
        line({ ...open, answer: { facts: ["问题台账", "清单化推进", "要素保障"], min: 2 } }),
        line({
          ...open,
          id: "c",
          category: "compare",
          answer: { all: ["901个", "42个"] },
          evidence: [{ docId: "e", quote: "42个" }],
        }),
        line({
          id: "f",
          split: "holdout",
          category: "false-premise",
          question: "快递进村什么时候停办的？",
          answer: { all: [] },
          refuse: true,
        }),
      ].join("\n"),
    );
    expect(errors).toEqual([]);
    expect(questions.map((question) => [question.id, question.split, question.category])).toEqual([
      ["o", "dev", "open"],
      ["c", "dev", "compare"],
      ["f", "holdout", "false-premise"],
    ]);
  });
  it("rejects a min above the facts, a one-passage comparison, and a refusal category that is answerable", () => {
    const { errors } = parseQuestionLines(
      [
        line({ ...open, answer: { facts: ["问题台账"], min: 2 } }),
        line({ ...open, category: "compare", answer: { all: ["901个"] } }),
        line({ ...open, category: "time-shift", answer: { all: ["1"] } }),
      ].join("\n"),
    );
    expect(errors.map((error) => error.line)).toEqual([1, 2, 3]);
    expect(errors[0]!.message).toContain("answer.min is larger");
    expect(errors[1]!.message).toContain("two gold passages");
    expect(errors[2]!.message).toContain('refuse must be true for category "time-shift"');
  });
});

describe("npm run eval -- --check", () => {
  it("fails on a question file with a malformed line, naming the line, before answering anything", async () => {
    const file = path.join(dir, "damaged.jsonl");
    await writeFile(file, `${good("a")}\n{"id": "b",\n`);
    const tsx = path.join(PROJECT_ROOT, "node_modules/.bin/tsx");
    const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(tsx, ["eval/run.ts", "--check", "--questions", file], { cwd: PROJECT_ROOT }, (error, _stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/damaged\.jsonl:2: not valid JSON/);
    expect(outcome.stderr).toContain("check FAILED: 1 malformed line(s)");
  });
});

describe("unseen splits stay unseen", () => {
  /** Every test file and test helper of the project: where a pinned question would sit. */
  async function testSources(): Promise<Array<{ file: string; text: string }>> {
    const found: Array<{ file: string; text: string }> = [];
    for (const folder of ["eval", "server", "ingest", "client", "bench"]) {
      const entries = await readdir(path.join(PROJECT_ROOT, folder), { recursive: true });
      for (const entry of entries) {
        if (entry.includes("node_modules") || !/(\.test\.tsx?|test-support\/.*\.ts|e2e\/.*\.ts)$/.test(entry)) continue;
        found.push({
          file: `${folder}/${entry}`,
          text: await readFile(path.join(PROJECT_ROOT, folder, entry), "utf8"),
        });
      }
    }
    return found;
  }

  it("no test or holdout question, by text or by id, appears in a test file", async () => {
    const files = ["eval/questions.jsonl", "eval/holdout.jsonl"].map((file) => path.join(PROJECT_ROOT, file));
    const { questions, errors } = await readQuestionFiles(files);
    expect(errors).toEqual([]);
    const unseen = questions.filter((question) => question.split !== "dev");
    expect(unseen.filter((question) => question.split === "holdout")).toHaveLength(40);
    expect(unseen.length).toBeGreaterThan(100);
    const pinned: string[] = [];
    for (const { file, text } of await testSources()) {
      for (const question of unseen) {
        const core = question.question.replace(/[?？。！!\s]+$/u, "");
        if ((core.length >= 6 && text.includes(core)) || text.includes(`"${question.id}"`))
          pinned.push(`${file}: ${question.id}`);
      }
    }
    expect(pinned).toEqual([]);
  });
});
