// The question file's boundary: each malformed line is reported with its line
// number and what is wrong, and the other lines still load.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../server/config.js";
import { readQuestionFile } from "./questions.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "eval-questions-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const good = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, split: "dev", category: "number", question: "江苏省累计建立了多少个产业链党建联盟？", answer: { all: ["901个"] }, refuse: false, docId: "003_518b5102fb447ec0-a01", quote: "江苏省累计建立产业链党建联盟(党委)901个", ...extra });

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
    const { questions, errors } = await load([good("b", { followUpOf: "a" }), good("a"), good("c", { followUpOf: "a" })]);
    expect(questions.map((question) => question.id)).toEqual(["a", "c"]);
    expect(errors).toEqual([{ line: 1, message: 'followUpOf "a" does not name a valid question on an earlier line' }]);
  });

  it("loads the project's question set without errors", async () => {
    const { questions, errors } = await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"));
    expect(errors).toEqual([]);
    expect(questions.length).toBeGreaterThanOrEqual(80);
    expect(questions.filter((question) => question.refuse).length).toBeGreaterThanOrEqual(15);
  });
});
