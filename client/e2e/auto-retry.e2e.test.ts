// A question the server refuses for now is not a dead end: the real server with a rate limit of one
// question per few seconds refuses the second question with the wait; the page counts it down and asks
// again by itself, and the answer arrives. Its own server: the limit would slow every other browser test.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser, type Browser } from "./browser.js";
import { ChatPage } from "./chat-page.js";
import { SCREENSHOT_DIR, startE2eServer, type E2eServer } from "./test-server.js";

const chromiumFound = chromiumAvailable("auto-retry e2e");
const WINDOW_MS = 4000;

describe.skipIf(!chromiumFound)("web chat: a refusal for now is asked again by itself", () => {
  let server: E2eServer;
  let browser: Browser;
  let chat: ChatPage;

  beforeAll(async () => {
    server = await startE2eServer({ rateLimitPerMinute: 1, rateLimitWindowMs: WINDOW_MS });
    browser = await launchBrowser();
    chat = new ChatPage(browser.page);
    await chat.open(server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("counts down the server's wait, resends, and shows the answer", async () => {
    await chat.ask("贵州省制造业数字化转型高级研修班有多少名人才参加？");
    expect(await chat.answerText(await chat.waitForAnswer())).toContain("50");

    const started = Date.now();
    await chat.ask("江苏有多少产业链党建联盟?");
    const turn = chat.lastTurn();
    const waiting = turn.getByTestId("status-auto-retry");
    await waiting.waitFor({ timeout: 10_000 });
    expect(await waiting.innerText()).toMatch(/提问过于频繁，\d 秒后自动重试。/);
    await browser.page.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-auto-retry.png") });

    await turn.and(browser.page.locator('[data-status="done"]')).waitFor({ timeout: WINDOW_MS + 20_000 });
    expect(await chat.answerText(turn)).toContain("901");
    // It waited for the window to pass, not hammered the server meanwhile.
    expect(Date.now() - started).toBeGreaterThanOrEqual(WINDOW_MS - 1500);
    expect(browser.pageErrors).toEqual([]);
  }, 60_000);

  it("stays failed, with a resend button, when the user cancels the automatic resend", async () => {
    await chat.ask("甘肃省有多少个党员？");
    const turn = chat.lastTurn();
    await turn.getByTestId("hold-retry").click();
    await turn.getByTestId("status-error").waitFor();
    expect(await turn.getAttribute("data-status")).toBe("error");
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 500));
    expect(await turn.getAttribute("data-status")).toBe("error");
    await turn.getByTestId("retry").click();
    await turn.and(browser.page.locator('[data-status="done"]')).waitFor({ timeout: 20_000 });
  }, 60_000);
});
