// The 简报 mode in headless Chromium against the real server and the real built
// client: a topic in, points and a figure out, a citation opening the source
// viewer, the title edited, the .docx and Markdown exports downloaded and read
// back, the print stylesheet, and a 375 px phone screen.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BriefingPage } from "./briefing-page.js";
import { chromiumAvailable, launchBrowser, type Browser } from "./browser.js";
import { ChatPage } from "./chat-page.js";
import { SCREENSHOT_DIR, startE2eServer, type E2eServer } from "./test-server.js";

const chromiumFound = chromiumAvailable("briefing e2e");

describe.skipIf(!chromiumFound)("briefings in headless Chromium", () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let chat: ChatPage;
  let briefing: BriefingPage;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    page = browser.page;
    chat = new ChatPage(page);
    briefing = new BriefingPage(page);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await chat.open(server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("builds a briefing on 产业链党建 with cited points and the 901个 figure", async () => {
    await briefing.open();
    await briefing.brief("产业链党建");
    expect(await briefing.title().inputValue()).toBe("关于“产业链党建”的简报");
    const count = await briefing.points().count();
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(8);
    for (const point of await briefing.points().all())
      expect(await point.getByTestId("citation-chip").count()).toBeGreaterThan(0);
    expect(await briefing.figures().allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining("901个")]),
    );
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "briefing-desktop.png"), fullPage: true });
  });

  it("opens the source viewer on a citation, with the quote highlighted", async () => {
    const figureRow = briefing.figures().filter({ hasText: "901个" });
    await figureRow.getByTestId("citation-chip").click();
    await chat.highlight().waitFor();
    expect(await chat.highlight().innerText()).toContain("901个");
    await expect.poll(() => chat.highlightInView()).toBe(true);
    await chat.settle();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "briefing-desktop-source.png") });
    await chat.closeViewer();
  });

  it("exports the edited title and a cited figure to .docx, and to Markdown", async () => {
    await briefing.title().fill("产业链党建学习简报");
    const docx = await briefing.download("briefing-export-docx");
    expect(docx.suggestedFilename()).toBe("产业链党建学习简报.docx");
    const files = unzipSync(new Uint8Array(await readFile((await docx.path())!)));
    const xml = strFromU8(files["word/document.xml"]!);
    expect(xml).toContain("产业链党建学习简报");
    expect(xml).toMatch(/<w:t[^>]*>901个<\/w:t>/);
    const markdown = await readFile((await (await briefing.download("briefing-export-md")).path())!, "utf8");
    expect(markdown).toMatch(/^# 产业链党建学习简报\n/);
    expect(markdown).toContain("| 901个 |");
  });

  it("prints the briefing alone: no sidebar, header, form or buttons", async () => {
    await page.emulateMedia({ media: "print" });
    const visible = async (selector: string) => page.locator(selector).first().isVisible();
    expect(await visible('[data-testid="sidebar"]')).toBe(false);
    expect(await visible(".topbar")).toBe(false);
    expect(await visible('[data-testid="briefing-topic"]')).toBe(false);
    expect(await visible('[data-testid="briefing-export-docx"]')).toBe(false);
    expect(await page.locator(".briefing-print-title").innerText()).toBe("产业链党建学习简报");
    expect(await visible('[data-testid="briefing-figures"]')).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "briefing-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });
  });

  it("says plainly when the corpus has nothing on a topic", async () => {
    await page.getByTestId("briefing-topic").fill("量子计算在金融业的应用");
    await page.getByTestId("briefing-submit").click();
    await expect
      .poll(() => page.getByTestId("briefing-refusal").innerText())
      .toContain("语料中没有找到关于“量子计算在金融业的应用”的内容");
    expect(await briefing.points().count()).toBe(0);
  });

  it("fits a 375 px phone screen", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await briefing.brief("新就业群体");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByTestId("mode-briefing").isVisible()).toBe(true);
    await chat.settle();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "briefing-phone.png") });
    await briefing.chip(1).click();
    await chat.highlight().waitFor();
    await chat.settle();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "briefing-phone-source.png") });
    await chat.closeViewer();
    expect(browser.pageErrors).toEqual([]);
    expect(browser.dialogs).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
