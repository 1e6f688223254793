// Evaluators' tools in headless Chromium against the real server: the
// retrieval check shows BM25, vector and fused scores for a question; an
// uploaded question file runs with a progress bar and its report opens; the
// 👎 answers download as draft eval lines.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MALFORMED_UPLOAD, UPLOAD_FILE } from "../../server/test-support/eval-upload.js";
import { chromiumAvailable, type Browser } from "./browser.js";
import type { ChatPage } from "./chat-page.js";
import { SCREENSHOT_DIR } from "./test-server.js";
import { openToolsSession } from "./tools-session.js";
import type { ToolsPage } from "./tools-page.js";

const chromiumFound = chromiumAvailable("evaluate e2e");

describe.skipIf(!chromiumFound)("the 评测 mode in headless Chromium", () => {
  let close: (() => Promise<void>) | undefined;
  let browser: Browser;
  let page: Page;
  let chat: ChatPage;
  let tools: ToolsPage;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(os.tmpdir(), "eval-upload-"));
    ({ browser, page, chat, tools, close } = await openToolsSession());
  }, 180_000);

  afterAll(async () => {
    await close?.();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it("shows the ranked passages of a question with BM25, vector and fused scores, and the cited one", async () => {
    await page.getByTestId("mode-evaluate").click();
    await page.getByTestId("retrieval-question").fill("江苏有多少产业链党建联盟?");
    await page.getByTestId("retrieval-submit").click();
    const rows = page.getByTestId("retrieval-passage");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(20);
    const top = rows.first();
    expect(Number(await top.getByTestId("score-fused").innerText())).toBeGreaterThan(0);
    expect(await top.getByTestId("score-bm25").innerText()).toMatch(/^\d+\.\d{2}（\d+）$/);
    expect(await top.getByTestId("score-vector").innerText()).toMatch(/^0\.\d{3}（\d+）$/);
    expect(await top.innerText()).toContain("党建聚合力 发展增动能");
    expect(await page.locator('[data-testid="retrieval-passage"].is-cited').count()).toBeGreaterThan(0);
    expect(await page.getByTestId("retrieval-evidence").innerText()).toContain("901个");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "evaluate-desktop-retrieval.png") });
  });

  it("runs an uploaded question file with a progress bar and opens its report", async () => {
    const file = path.join(uploadDir, "my-questions.jsonl");
    await writeFile(file, UPLOAD_FILE, "utf8");
    await page.getByTestId("eval-tab-reports").click();
    await page.getByTestId("eval-upload").setInputFiles(file);
    await page.locator('[data-testid="eval-progress"][data-status="done"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("eval-progress").innerText()).toContain("my-questions.jsonl：3 题已完成");
    expect(await page.locator('[data-testid="eval-progress"] progress').getAttribute("value")).toBe("3");
    const frame = page.frameLocator('[data-testid="eval-report-frame"]');
    await expect.poll(() => frame.locator("h1").innerText(), { timeout: 10_000 }).toMatch(/^Eval report · /);
    expect(await frame.locator("body").innerText()).toContain("my-questions.jsonl");
    expect(await page.getByTestId("eval-report").count()).toBe(1);
    expect(await page.getByTestId("eval-report").first().innerText()).toContain("100.0%");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "evaluate-desktop-report.png"), fullPage: true });
  });

  it("names the malformed lines of a bad file instead of running it", async () => {
    const file = path.join(uploadDir, "broken.jsonl");
    await writeFile(file, MALFORMED_UPLOAD, "utf8");
    await page.getByTestId("eval-upload").setInputFiles(file);
    const error = page.getByTestId("eval-run-error");
    await error.waitFor();
    expect(await error.innerText()).toMatch(
      /broken\.jsonl: 2 malformed line\(s\) — line 2: not valid JSON.*line 3: category/s,
    );
  });

  it("downloads the 👎 answers as draft eval lines", async () => {
    await page.getByTestId("mode-chat").click();
    await chat.ask("贵州省工信厅推动建立了多少个产业链党建联盟？");
    await tools.downvote(await chat.waitForAnswer(), "数字错误");
    await page.getByTestId("mode-evaluate").click();
    await page.getByTestId("eval-tab-feedback").click();
    const download = await tools.download(page.getByTestId("download-drafts"));
    const line = JSON.parse((await readFile((await download.path())!, "utf8")).trim());
    expect(line).toMatchObject({
      question: "贵州省工信厅推动建立了多少个产业链党建联盟？",
      draft: { reason: "数字错误" },
    });
    expect(line.draft.answerGiven).toContain("42个");
  });

  it("fits a 375 px phone", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByTestId("eval-tab-retrieval").click();
    await page.getByTestId("retrieval-question").fill("长顺县快递进村有什么变化？");
    await page.getByTestId("retrieval-submit").click();
    await page.getByTestId("retrieval-passage").first().waitFor();
    expect(await tools.pageOverflow()).toEqual({ x: 0, y: 0 });
    await chat.settle();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "evaluate-phone-retrieval.png") });
    expect(browser.pageErrors).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
