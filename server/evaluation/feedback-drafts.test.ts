// `npm run eval -- --from-feedback FILE`, run as a process against a store in a
// temp DATA_DIR: each 👎 answer becomes a draft line carrying the question, the
// answer given, its citations and the reason, and a draft does not pass as an
// eval question until someone completes it.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.js";
import { STORE_FILE, openSqliteStore } from "../store/sqlite.js";
import { parseQuestionLines } from "./questions.js";

const QUOTE = "4年来,熊明伟共争取2598万元资金修建产业路,已建成投入使用12.8公里,惠及1676名群众。";
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "feedback-drafts-"));
  const store = openSqliteStore(path.join(dir, STORE_FILE));
  const base = {
    mode: "extractive" as const,
    coverage: "answered" as const,
    refused: false,
    createdAt: "2026-01-02T03:04:05.000Z",
  };
  const citation = {
    n: 1,
    docId: "001_03a8d35b681066be-a06",
    source: "seeds/001_03a8d35b681066be.txt",
    title: "村民事当自家事 驻村书记成“村里人”",
    quote: QUOTE,
    start: 0,
    end: QUOTE.length,
  };
  await store.answers.record({
    ...base,
    answerId: "9b2c6f2e-0000-4000-8000-000000000001",
    question: "熊明伟争取了多少资金？",
    answer: "熊明伟共争取2598万元资金[1]。",
    citations: [citation],
  });
  await store.answers.record({
    ...base,
    answerId: "9b2c6f2e-0000-4000-8000-000000000002",
    question: "江苏有多少产业链党建联盟?",
    answer: "…",
    citations: [],
  });
  await store.feedback.put({
    answerId: "9b2c6f2e-0000-4000-8000-000000000001",
    rating: "down",
    reason: "出处不对",
    comment: "应引用第二段",
  });
  await store.feedback.put({ answerId: "9b2c6f2e-0000-4000-8000-000000000002", rating: "up" });
  await store.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function runEvalCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const tsx = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
  return new Promise((resolve) => {
    execFile(
      tsx,
      ["eval/run.ts", ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, DATA_DIR: dir } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run eval -- --from-feedback FILE", () => {
  it("writes one draft line per 👎 with the question, the answer given, its citations and the reason", async () => {
    const out = path.join(dir, "drafts.jsonl");
    const run = await runEvalCli(["--from-feedback", out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote 1 draft eval line(s) from 👎 feedback to ${out}`);
    const text = await readFile(out, "utf8");
    const lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      id: "fb-9b2c6f2e",
      split: "dev",
      question: "熊明伟争取了多少资金？",
      refuse: null,
      draft: {
        answerGiven: "熊明伟共争取2598万元资金[1]。",
        reason: "出处不对",
        comment: "应引用第二段",
        citations: [{ n: 1, quote: QUOTE }],
      },
    });
    // Not an eval question yet: the validator names what is missing.
    const { questions, errors } = parseQuestionLines(text);
    expect(questions).toEqual([]);
    expect(errors[0]?.message).toMatch(/category|answer|draft/);
  });

  it("prints to stdout with -", async () => {
    const run = await runEvalCli(["--from-feedback", "-"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.trim()).draft.reason).toBe("出处不对");
  });
});
