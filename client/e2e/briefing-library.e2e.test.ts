// Trainers' tools in headless Chromium against the real server: a briefing is
// saved as soon as it is built, listed in the sidebar after a reload, reopened,
// edited (a point moved, one removed, one rewritten and marked edited), given a
// chat answer in one click, and exported as an official-style .docx; switching
// modes keeps the topic.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SavedBriefingListResponseBody } from "../../server/protocol.js";
import type { BriefingPage } from "./briefing-page.js";
import { chromiumAvailable, type Browser } from "./browser.js";
import type { ChatPage } from "./chat-page.js";
import { SCREENSHOT_DIR, type E2eServer } from "./test-server.js";
import { openToolsSession } from "./tools-session.js";
import type { ToolsPage } from "./tools-page.js";

const chromiumFound = chromiumAvailable("briefing library e2e");
const REWRITTEN = "江苏以产业链党建联盟把链上企业党组织聚合起来。";

describe.skipIf(!chromiumFound)("saved briefings in headless Chromium", () => {
  let server: E2eServer;
  let close: (() => Promise<void>) | undefined;
  let browser: Browser;
  let page: Page;
  let chat: ChatPage;
  let briefing: BriefingPage;
  let tools: ToolsPage;
  let pointTexts: string[];

  beforeAll(async () => {
    ({ server, browser, page, chat, briefing, tools, close } = await openToolsSession());
  }, 180_000);

  afterAll(async () => {
    await close?.();
  });

  it("carries the question being typed over as the briefing topic", async () => {
    await page.getByTestId("question-input").fill("产业链党建");
    await briefing.open();
    expect(await page.getByTestId("briefing-topic").inputValue()).toBe("产业链党建");
  });

  it("saves a finished briefing on the server and lists it in the sidebar, also after a reload", async () => {
    await briefing.brief("产业链党建");
    await expect.poll(() => page.getByTestId("briefing-saved").innerText()).toBe("已保存");
    pointTexts = await briefing.points().allInnerTexts();
    expect(pointTexts.length).toBeGreaterThanOrEqual(3);
    await expect
      .poll(() => tools.savedBriefings().allInnerTexts())
      .toEqual([expect.stringContaining("关于“产业链党建”的简报")]);
    const listed = (await (await fetch(`${server.url}/api/saved-briefings`)).json()) as SavedBriefingListResponseBody;
    expect(listed.briefings).toMatchObject([{ topic: "产业链党建", points: pointTexts.length }]);

    await page.reload();
    await chat.connectionState("connected");
    await expect.poll(() => tools.savedBriefings().count()).toBe(1);
    await tools.savedBriefings().first().click();
    await briefing.points().first().waitFor();
    expect(await page.getByTestId("mode-briefing").getAttribute("aria-pressed")).toBe("true");
    expect(await briefing.points().allInnerTexts()).toEqual(pointTexts);
  });

  it("moves, removes and rewrites points; the rewritten point keeps its citation and is marked edited", async () => {
    await briefing.points().nth(1).getByTestId("point-up").click();
    // Citations are renumbered in the new order, so compare the words, not the chips.
    const opening = (text: string | undefined) => (text ?? "").slice(0, 20);
    await expect.poll(async () => opening(await briefing.points().first().innerText())).toBe(opening(pointTexts[1]));
    await briefing.points().last().getByTestId("point-remove").click();
    await expect.poll(() => briefing.points().count()).toBe(pointTexts.length - 1);
    const target = briefing.points().first();
    const chipsBefore = await target.getByTestId("citation-chip").allInnerTexts();
    await target.getByTestId("point-rewrite").click();
    await target.getByTestId("point-edit").fill(REWRITTEN);
    await target.getByTestId("point-save").click();
    await target.getByTestId("point-edited").waitFor();
    expect(await target.innerText()).toContain(REWRITTEN);
    expect(await target.getByTestId("citation-chip").allInnerTexts()).toEqual(chipsBefore);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "library-desktop-edited.png") });

    // The edits are the server's: a reload and reopen shows them.
    await page.reload();
    await chat.connectionState("connected");
    await tools.savedBriefings().first().click();
    await briefing.points().first().getByTestId("point-edited").waitFor();
    expect(await briefing.points().count()).toBe(pointTexts.length - 1);
  });

  it("adds a chat answer to the open briefing with one click", async () => {
    await page.getByTestId("mode-chat").click();
    await chat.newConversation();
    await chat.ask("贵州省工信厅推动建立了多少个产业链党建联盟？");
    const turn = await chat.waitForAnswer();
    await turn.getByTestId("add-to-briefing").click();
    await expect.poll(() => turn.getByTestId("added-to-briefing").innerText()).toBe("已加入《关于“产业链党建”的简报》");
    await briefing.open();
    await expect.poll(() => briefing.points().last().innerText()).toContain("42个产业链党建联盟");
    expect(await briefing.points().last().innerText()).toContain("来自问答");
  });

  it("exports the edited briefing as an official-style .docx: title, date, 仿宋/黑体, edit mark, sources", async () => {
    const docx = await briefing.download("briefing-export-docx");
    const xml = strFromU8(unzipSync(new Uint8Array(await readFile((await docx.path())!)))["word/document.xml"]!);
    const today = new Date();
    expect(xml).toContain("关于“产业链党建”的简报");
    expect(xml).toContain(`${today.getFullYear()}年${today.getMonth() + 1}月${today.getDate()}日`);
    expect(xml).toContain(`1．${REWRITTEN}`);
    expect(xml).toContain("（已编辑）");
    expect(xml).toContain("42个产业链党建联盟");
    expect(xml).toContain('w:eastAsia="仿宋"');
    expect(xml).toContain('w:eastAsia="黑体"');
    expect(xml).toMatch(/[一二三四]、来源/);
  });

  it("fits a 375 px phone with the saved briefing open", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await chat.settle();
    expect(await tools.pageOverflow()).toEqual({ x: 0, y: 0 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "library-phone-briefing.png") });
    await chat.openSidebarIfHidden();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "library-phone-sidebar.png") });
    expect(browser.pageErrors).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
