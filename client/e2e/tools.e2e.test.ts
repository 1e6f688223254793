// The staff's tools in headless Chromium against the real server: 👎 with a
// reason, stored and read back after the server restarts; regenerate; edit and
// resend; a scope chip limiting citations to one province; follow-ups; the
// keyboard (focus back on the chip after Escape, the skip link); the
// conversation as Word; desktop and 375 px screenshots.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FeedbackListResponseBody } from "../../server/protocol.js";
import { chromiumAvailable, type Browser } from "./browser.js";
import type { ChatPage } from "./chat-page.js";
import { SCREENSHOT_DIR, type E2eServer } from "./test-server.js";
import { openToolsSession } from "./tools-session.js";
import type { ToolsPage } from "./tools-page.js";

const chromiumFound = chromiumAvailable("tools e2e");
const JIANGSU = "江苏有多少产业链党建联盟?";
const ANY_PROVINCE = "有多少产业链党建联盟？";
/** The 江苏 page; the source list names it by its readable name (its lead article's title), not its file. */
const JIANGSU_PAGE = "003_518b5102fb447ec0";
const sourceIds = (turn: Locator) =>
  turn.getByTestId("source-item").evaluateAll((items) => items.map((item) => item.getAttribute("data-source-id")));

describe.skipIf(!chromiumFound)("staff tools in headless Chromium", () => {
  let server: E2eServer;
  let close: (() => Promise<void>) | undefined;
  let browser: Browser;
  let page: Page;
  let chat: ChatPage;
  let tools: ToolsPage;

  beforeAll(async () => {
    ({ server, browser, page, chat, tools, close } = await openToolsSession());
  }, 180_000);

  afterAll(async () => {
    await close?.();
  });

  it("stores a 👎 with its reason on the server and shows it again after a server restart and a reload", async () => {
    await chat.starter(JIANGSU).click();
    const turn = await chat.waitForAnswer();
    const answerId = await turn.getAttribute("data-answer-id");
    expect(answerId).toMatch(/^[0-9a-f-]{36}$/);
    await tools.downvote(turn, "出处不对", "应引用原文第二段");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "tools-desktop-feedback.png") });

    await server.restart();
    const stored = (await (
      await fetch(`${server.url}/api/feedback?answerId=${answerId}`)
    ).json()) as FeedbackListResponseBody;
    expect(stored.feedback).toMatchObject([
      { answerId, rating: "down", reason: "出处不对", comment: "应引用原文第二段" },
    ]);
    await page.reload();
    await chat.connectionState("connected");
    const reloaded = chat.lastTurn();
    await expect
      .poll(() => reloaded.getByTestId("feedback-stored").textContent(), { timeout: 10_000 })
      .toBe("已反馈：出处不对（应引用原文第二段）");
    expect(await reloaded.getByTestId("feedback").getAttribute("data-rating")).toBe("down");
  });

  it("regenerates a finished answer as a new answer", async () => {
    const before = await chat.lastTurn().getAttribute("data-answer-id");
    await chat.lastTurn().getByTestId("regenerate").click();
    await expect.poll(() => chat.lastTurn().getAttribute("data-answer-id"), { timeout: 10_000 }).not.toBe(before);
    const turn = await chat.waitForAnswer();
    expect(await turn.getAttribute("data-status")).toBe("done");
    expect(await chat.answerText(turn)).toContain("901");
    // A new answer has no feedback yet.
    expect(await turn.getByTestId("feedback").getAttribute("data-rating")).toBe("none");
  });

  it("suggests follow-ups the corpus answers, and asks one on a click", async () => {
    const suggestions = chat.lastTurn().getByTestId("follow-up");
    await suggestions.first().waitFor({ timeout: 10_000 });
    const question = (await suggestions.first().innerText()).trim();
    const turns = await chat.turns().count();
    await suggestions.first().click();
    await expect.poll(() => chat.turns().count()).toBe(turns + 1);
    const turn = await chat.waitForAnswer();
    expect(await turn.getByTestId("question").innerText()).toBe(question);
    expect(await turn.getByTestId("notice-refused").count()).toBe(0);
    expect(await sourceIds(turn)).toContain(JIANGSU_PAGE);
  });

  it("edits a question and asks it again in place, dropping the turns after it", async () => {
    await chat.newConversation();
    await chat.ask(JIANGSU);
    await chat.waitForAnswer();
    await chat.ask("那贵州呢？");
    await chat.waitForAnswer();
    const first = chat.turns().first();
    await first.hover();
    await first.getByTestId("edit-question").click();
    await first.getByTestId("question-edit").fill("贵州省工信厅推动建立了多少个产业链党建联盟？");
    await first.getByTestId("question-resend").click();
    await expect.poll(() => chat.turns().count()).toBe(1);
    const turn = await chat.waitForAnswer();
    expect(await turn.getByTestId("question").innerText()).toBe("贵州省工信厅推动建立了多少个产业链党建联盟？");
    expect(await chat.answerText(turn)).toContain("42个");
  });

  it("limits the citations to a province while its scope chip is shown", async () => {
    await chat.newConversation();
    await tools.pickProvince("江苏");
    expect(await tools.scopeChips().allInnerTexts()).toEqual(["地区：江苏"]);
    await chat.ask(ANY_PROVINCE);
    const scoped = await chat.waitForAnswer();
    expect(await chat.answerText(scoped)).toContain("901个");
    const sources = await sourceIds(scoped);
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((sourceId) => sourceId === JIANGSU_PAGE)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "tools-desktop-scope.png") });

    await page.getByTestId("scope-chip-remove").click();
    expect(await tools.scopeChips().count()).toBe(0);
    await chat.ask(ANY_PROVINCE);
    expect(await chat.answerText(await chat.waitForAnswer())).toContain("42个");
  });

  it("returns the focus to the chip after Escape closes the source viewer, and skips to the composer", async () => {
    const chip = chat.chip(chat.lastTurn(), 1);
    await chip.focus();
    await page.keyboard.press("Enter");
    await chat.viewer().waitFor();
    await page.keyboard.press("Escape");
    await chat.viewer().waitFor({ state: "detached" });
    await expect.poll(() => chip.evaluate((element) => element === document.activeElement)).toBe(true);

    // The skip link is the first thing Tab reaches, shows itself when focused, and lands in the composer.
    const skip = page.getByTestId("skip-link");
    const first = await page.evaluate(() =>
      document.querySelector("a[href], button, input, textarea, [tabindex]")?.getAttribute("data-testid"),
    );
    expect(first).toBe("skip-link");
    await skip.focus();
    await expect.poll(async () => (await skip.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(0);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("question-input");
  });

  it("exports the conversation as Word in the official-document style", async () => {
    const download = await tools.download(page.getByTestId("export-conversation-docx"));
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
    const xml = strFromU8(files["word/document.xml"]!);
    expect(xml).toContain(`问：${ANY_PROVINCE}`);
    expect(xml).toMatch(/<w:t[^>]*>[^<]*42个[^<]*<\/w:t>/);
    expect(xml).toContain('w:eastAsia="仿宋"');
    expect(xml).toContain('w:eastAsia="黑体"');
  });

  it("fits a 375 px phone: scope chips, feedback form and follow-ups without sideways scrolling", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await tools.pickProvince("贵州");
    await chat.ask("长顺县每天有几辆邮政直投车送快递？");
    const turn = await chat.waitForAnswer();
    await turn.getByTestId("feedback-down").click();
    await turn.getByTestId("feedback-form").getByText("数字错误", { exact: true }).click();
    await turn.getByTestId("follow-up").first().waitFor({ timeout: 10_000 });
    await page.getByTestId("thread").evaluate((thread) => thread.scrollTo({ top: thread.scrollHeight }));
    expect(await tools.pageOverflow()).toEqual({ x: 0, y: 0 });
    // The header's four modes and its buttons fit too (the header clips what overflows it).
    expect(await page.locator(".topbar").evaluate((bar) => bar.scrollWidth - bar.clientWidth)).toBe(0);
    await chat.settle();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "tools-phone-feedback.png") });
    expect(browser.pageErrors).toEqual([]);
    expect(browser.dialogs).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
