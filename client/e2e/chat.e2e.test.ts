// The browser tier: the real built client, served by the real server (real
// index of the seeds plus a page carrying an HTML payload), driven in headless
// Chromium. Skipped, with the reason printed, only where no Chromium exists.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchBrowser, type Browser } from "./browser.js";
import { ChatPage } from "./chat-page.js";
import { SCREENSHOT_DIR, startE2eServer, XSS_LINE, XSS_QUESTION, type E2eServer } from "./test-server.js";

const chromiumFound = chromiumAvailable("chat e2e");

const STARTER = "江苏有多少产业链党建联盟?";

describe.skipIf(!chromiumFound)("web chat in headless Chromium", () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let chat: ChatPage;
  /** answer:token deltas as they arrived on the page's WebSocket. */
  const tokens: string[] = [];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    ({ context, page } = browser);
    page.on("websocket", (socket) =>
      socket.on("framereceived", ({ payload }) => {
        // Socket.IO event frames: 42["answer:token",{"id":…,"text":…}]
        if (typeof payload === "string" && payload.startsWith('42["answer:token"'))
          tokens.push((JSON.parse(payload.slice(2)) as [string, { text: string }])[1].text);
      }),
    );
    chat = new ChatPage(page);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await chat.open(server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("streams the answer to a starter question, with 901 in it", async () => {
    tokens.length = 0;
    await chat.starter(STARTER).click();
    const turn = await chat.waitForAnswer();
    expect(await turn.getAttribute("data-status")).toBe("done");
    expect(await chat.answerText(turn)).toContain("901");
    // Streamed: the answer reached the page as several answer:token deltas carrying 901.
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join("")).toContain("901");
    await expect.poll(() => chat.historyItems().allInnerTexts()).toContain(STARTER);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-desktop-answer.png") });
  });

  it("opens the cited article with the quoted sentence highlighted when chip [1] is clicked", async () => {
    const turn = chat.lastTurn();
    await chat.chip(turn, 1).click();
    await chat.viewer().waitFor();
    await chat.highlight().waitFor();
    expect(await chat.highlight().innerText()).toContain("901");
    expect(await chat.viewer().innerText()).toContain("党建聚合力 发展增动能");
    await expect.poll(() => chat.highlightInView()).toBe(true);
    await chat.settle();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-desktop-source.png") });
    await chat.closeViewer();
  });

  it("answers a follow-up using the conversation, showing the rewritten question", async () => {
    await chat.ask("那贵州省工信厅呢？");
    const turn = await chat.waitForAnswer();
    expect(await turn.getByTestId("rewritten").innerText()).toMatch(/贵州省工信厅.*产业链党建联盟/);
    expect(await chat.answerText(turn)).toContain("42");
    expect(await chat.turns().count()).toBe(2);
  });

  it("copies an answer with its sources and exports the conversation as Markdown", async () => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await chat.turns().first().getByTestId("copy-answer").click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain("901个[1]");
    // The page is named by its title, never by its code file name; here that is the article's own title.
    expect(copied).toContain("[1] 《党建聚合力 发展增动能》 沈童睿\n");
    expect(copied).not.toContain("003_518b5102fb447ec0");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-conversation").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^江苏有多少产业链党建联盟-\d{8}-\d{4}\.md$/);
    const markdown = await readFile((await download.path())!, "utf8");
    expect(markdown).toContain("## 问：江苏有多少产业链党建联盟?");
    expect(markdown).toContain("## 问：那贵州省工信厅呢？");
    expect(markdown).toContain("42个产业链党建联盟");
  });

  it("keeps the conversation in the sidebar history across a reload", async () => {
    await page.reload();
    await chat.connectionState("connected");
    await chat.newConversation();
    await chat.historyItems().filter({ hasText: STARTER }).click();
    expect(await chat.turns().count()).toBe(2);
    expect(await chat.answerText(chat.turns().first())).toContain("901");
    expect(await chat.answerText(chat.lastTurn())).toContain("42");
  });

  it("shows a comparison as a table, each row with its citation chip, and a list question as points", async () => {
    await chat.newConversation();
    await chat.ask("六盘水市公安局治安支队副队长和荷城派出所所长分别是谁？");
    const turn = await chat.waitForAnswer();
    const rows = turn.getByTestId("answer-table-row");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toContain("吕建勋");
    expect(await rows.nth(1).innerText()).toContain("樊进");
    await rows.nth(1).getByTestId("citation-chip").click();
    await expect.poll(async () => (await chat.highlight().innerText()).includes("樊进")).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-desktop-compare-table.png") });
    await chat.closeViewer();
    await chat.ask("怎样健全农村基层党组织的专项经费制度？");
    const points = (await chat.waitForAnswer()).getByTestId("answer-point");
    expect(await points.count()).toBeGreaterThanOrEqual(3);
    expect(await points.first().getByTestId("citation-chip").count()).toBe(1);
  });

  it("refuses an out-of-corpus question and labels related passages as not answering", async () => {
    await chat.newConversation();
    await chat.ask("浙江省建立了多少个产业链党建联盟？");
    const turn = await chat.waitForAnswer();
    await turn.getByTestId("notice-refused").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-desktop-refusal.png") });
    expect(await chat.answerText(turn)).toContain("浙江");
    // The refusal itself must not state Jiangsu's figure; a related passage may quote it, labelled as not answering.
    expect(await turn.getByTestId("answer-text").innerText()).not.toContain("901");
    expect(await turn.getByTestId("sources").count()).toBe(0);
    if ((await turn.getByTestId("related").count()) > 0)
      expect(await turn.getByTestId("related").innerText()).toContain("相关内容（不构成答案）");
  });

  it("shows HTML from the corpus as text: no element is created and no dialog opens", async () => {
    await chat.newConversation();
    await chat.ask(XSS_QUESTION);
    const turn = await chat.waitForAnswer();
    expect(await chat.answerText(turn)).toContain(XSS_LINE);
    const chip = turn.getByTestId("citation-chip").filter({ hasText: "2" }).first();
    await chip.click();
    await chat.highlight().waitFor();
    expect(await chat.viewer().innerText()).toContain(XSS_LINE);
    expect(await page.locator("img").count()).toBe(0);
    expect(browser.dialogs).toEqual([]);
    await chat.closeViewer();
  });

  it("queues a question typed while disconnected and sends it on reconnect", async () => {
    await chat.newConversation();
    // Keep the page from reconnecting (HTTP polling and WebSocket), then drop its connection.
    let blocked = true;
    await page.route("**/socket.io/**", (route) => (blocked ? route.abort() : route.fallback()));
    await page.routeWebSocket(/socket\.io/, (socket) => (blocked ? socket.close() : socket.connectToServer()));
    server.server.app.io.disconnectSockets(true);
    await chat.connectionState("reconnecting");
    await chat.ask(STARTER);
    await chat.lastTurn().getByTestId("status-queued").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-desktop-queued.png") });
    blocked = false;
    await chat.connectionState("connected");
    const turn = await chat.waitForAnswer();
    expect(await chat.answerText(turn)).toContain("901");
  });

  it("deletes a conversation from the history after a confirming click", async () => {
    const before = await chat.historyItems().count();
    const item = page.locator("li", { has: chat.historyItems().filter({ hasText: "测试县网络安全演练中心" }) });
    await item.hover();
    await item.getByTestId("delete-conversation").click();
    await item.getByTestId("confirm-delete").click();
    await expect.poll(() => chat.historyItems().count()).toBe(before - 1);
    expect((await chat.historyItems().allInnerTexts()).filter((title) => title.includes("测试县"))).toEqual([]);
  });

  it("fits a 375 px phone screen, with the source viewer as a sheet", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await chat.openSidebarIfHidden();
    // The oldest conversation of that title: the one with the follow-up.
    await chat.historyItems().filter({ hasText: STARTER }).last().click();
    const turn = chat.turns().first();
    await turn.waitFor();
    await chat.settle();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-phone-answer.png") });
    await chat.chip(turn, 1).click();
    await chat.highlight().waitFor();
    await expect.poll(() => chat.highlightInView()).toBe(true);
    await chat.settle();
    const box = await chat.viewer().boundingBox();
    expect(box?.width).toBe(375);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-phone-source.png") });
    await chat.closeViewer();
    await chat.newConversation();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-phone-empty.png") });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-desktop-empty.png") });
    expect(browser.pageErrors).toEqual([]);
  });
});
