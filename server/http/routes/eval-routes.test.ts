// Eval runs and reports through the real routes: an uploaded question file is
// validated by line, run in the background with progress, and its report is
// listed, opened as HTML and compared with another run.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EvalRuns } from "../../evaluation/eval-runs.js";
import { silentLogger } from "../../logger.js";
import type { EvalComparisonResponseBody, EvalReportListResponseBody, EvalRunStatus } from "../../protocol.js";
import { buildCorpusIndex, type CorpusIndex } from "../../test-support/corpus-index.js";
import { MALFORMED_UPLOAD, UPLOAD_FILE } from "../../test-support/eval-upload.js";
import { expectErrorReply, requestJson } from "../../test-support/http.js";
import { startApp, type RunningApp } from "../../test-support/running-app.js";

let corpus: CorpusIndex;
let server: RunningApp;
let reportsDir: string;
const api = (path: string) => `${server.url}/api${path}`;

const upload = (text: string, name = "mine.jsonl", type = "application/x-ndjson") =>
  requestJson<EvalRunStatus>(api(`/eval/runs?name=${encodeURIComponent(name)}`), "POST", text, {
    "content-type": type,
  });

async function finished(runId: string): Promise<EvalRunStatus> {
  for (;;) {
    const { body } = await requestJson<EvalRunStatus>(api(`/eval/runs/${runId}`), "GET");
    if (body.status !== "running") return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  reportsDir = await mkdtemp(path.join(os.tmpdir(), "eval-reports-"));
  server = await startApp(corpus, { evalReportsDir: reportsDir });
});

afterAll(async () => {
  await server.close();
  await corpus.cleanup();
  await rm(reportsDir, { recursive: true, force: true });
});

describe("eval runs from an uploaded question file", () => {
  let first: EvalRunStatus;

  it("runs the file, counting progress to the end, and writes its report", async () => {
    const started = await upload(UPLOAD_FILE);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ file: "mine.jsonl", status: "running", total: 3 });
    first = await finished(started.body.runId);
    expect(first).toMatchObject({ status: "done", done: 3, total: 3 });
    expect(first.report).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("lists the report with its numbers and opens it as the HTML report", async () => {
    const { body } = await requestJson<EvalReportListResponseBody>(api("/eval/reports"), "GET");
    expect(body.reports[0]).toMatchObject({
      name: first.report,
      mode: "extractive",
      questionsFile: "mine.jsonl",
      malformedLines: 0,
    });
    expect(body.reports[0]?.splits.dev).toMatchObject({ questions: 3, answerAccuracy: 1, refusalRecall: 1 });
    const html = await fetch(api(`/eval/reports/${first.report}`));
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(html.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await html.text()).toMatch(/Eval report · .*3 questions from <code>mine.jsonl<\/code>/s);
    expectErrorReply(await requestJson(api("/eval/reports/..%2F..%2Fpackage"), "GET"), 404, "not_found");
  });

  it("compares two runs", async () => {
    const second = await finished(
      (await upload(UPLOAD_FILE.split("\n").slice(0, 2).join("\n"), "two.jsonl")).body.runId,
    );
    const { body } = await requestJson<EvalComparisonResponseBody>(
      api(`/eval/compare?before=${first.report}&after=${second.report}`),
      "GET",
    );
    expect(body.text).toMatch(/^Comparing /);
    expect(body.comparison.onlyBefore).toEqual(["dev/up-3"]);
    expect(
      body.comparison.deltas.find((delta) => delta.scope === "overall" && delta.metric === "answerAccuracy"),
    ).toMatchObject({ before: 1, after: 1, change: "same" });
    expect(
      expectErrorReply(await requestJson(api(`/eval/compare?before=${first.report}`), "GET"), 400, "bad_request"),
    ).toContain("after");
  });

  it("refuses a malformed file naming each bad line, and other bad uploads plainly", async () => {
    const message = expectErrorReply(await upload(MALFORMED_UPLOAD, "broken.jsonl"), 400, "bad_request");
    expect(message).toContain("broken.jsonl: 2 malformed line(s)");
    expect(message).toMatch(/line 2: not valid JSON/);
    expect(message).toMatch(/line 3: category/);
    expect(expectErrorReply(await upload("\n\n"), 400, "bad_request")).toContain("holds no questions");
    expect(expectErrorReply(await upload(UPLOAD_FILE, "../../x.jsonl"), 400, "bad_request")).toContain("name");
    const asJson = await requestJson(api("/eval/runs"), "POST", { questions: [] });
    expect(expectErrorReply(asJson, 400, "bad_request")).toContain("Send the question file itself");
    expect(expectErrorReply(await upload("x".repeat(1024 * 1024 + 10)), 413, "payload_too_large")).toContain("1 MB");
  });
});

describe("EvalRuns", () => {
  it("runs one file at a time", async () => {
    const runs = new EvalRuns({ assistant: corpus, reportsDir, logger: silentLogger });
    runs.start("a.jsonl", UPLOAD_FILE);
    expect(() => runs.start("b.jsonl", UPLOAD_FILE)).toThrow(/already in progress/);
    await runs.idle();
    expect(runs.start("c.jsonl", UPLOAD_FILE).status).toBe("running");
    await runs.idle();
  });
});
