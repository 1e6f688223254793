// The browser tier against a server that needs an access token and answers with
// a model. The model is the one part replaced: a local OpenAI-compatible server
// (server/test-support/fake-openai.ts) scripted to stream slowly or to fail.
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlmClient } from "../../server/answer/llm.js";
import { startFakeOpenAI, type FakeOpenAI } from "../../server/test-support/fake-openai.js";
import { chromiumAvailable, launchBrowser, type Browser } from "./browser.js";
import { ChatPage } from "./chat-page.js";
import { SCREENSHOT_DIR, startE2eServer, type E2eServer } from "./test-server.js";

const chromiumFound = chromiumAvailable("llm-mode e2e");
const ACCESS_TOKEN = "e2e-access-token";
const QUESTION = "江苏有多少产业链党建联盟?";
/** Model text that the extractive answer never contains, to tell the two apart. */
const MODEL_TEXT = "模型正在逐字生成的回答。";

describe.skipIf(!chromiumFound)("web chat with a model and an access token", () => {
  let fake: FakeOpenAI;
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let chat: ChatPage;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    const llm = new LlmClient({ apiKey: "test-key", baseURL: fake.url, model: "fake-model", timeoutMs: 10_000 });
    server = await startE2eServer({ llm, accessToken: ACCESS_TOKEN });
    browser = await launchBrowser();
    page = browser.page;
    chat = new ChatPage(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  it("asks for the access token once, then connects and keeps it", async () => {
    await page.goto(server.url);
    await chat.connectionState("unauthorized");
    const dialog = page.getByTestId("token-dialog");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-desktop-token.png") });
    await dialog.getByLabel("访问令牌").fill(ACCESS_TOKEN);
    await dialog.getByRole("button", { name: "连接" }).click();
    await chat.connectionState("connected");
    await expect.poll(() => page.getByTestId("empty-state").innerText()).toMatch(/已收录的 \d+ 篇/); // /api/health with the Bearer token
    await page.reload();
    await chat.connectionState("connected");
    expect(await page.getByTestId("token-dialog").count()).toBe(0);
  });

  it("stops a streaming answer: the stop button cancels it and keeps what was shown", async () => {
    fake.script({ kind: "reply", text: MODEL_TEXT.repeat(20), deltas: 120, delayMs: 60 });
    await chat.ask(QUESTION);
    const turn = chat.lastTurn();
    await expect.poll(() => chat.answerText(turn), { timeout: 10_000 }).toContain("模型");
    await page.getByTestId("stop").click();
    await turn.and(page.locator('[data-status="cancelled"]')).waitFor();
    await turn.getByTestId("status-cancelled").waitFor();
    const shown = await chat.answerText(turn);
    await page.waitForTimeout(400);
    expect(await chat.answerText(turn)).toBe(shown);
    expect(shown.length).toBeLessThan(MODEL_TEXT.repeat(20).length);
  });

  it("shows the fallback notice and only the fallback answer when the model fails mid-stream", async () => {
    fake.script({ kind: "cut", text: MODEL_TEXT.repeat(4), deltas: 20, afterDeltas: 6, delayMs: 30 });
    await chat.newConversation();
    await chat.ask(QUESTION);
    const turn = await chat.waitForAnswer();
    expect(await turn.getAttribute("data-status")).toBe("done");
    await turn.getByTestId("notice-fallback").waitFor();
    const answer = await chat.answerText(turn);
    expect(answer).toContain("901");
    expect(answer).not.toContain(MODEL_TEXT.slice(0, 6));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-desktop-fallback.png") });
    expect(browser.pageErrors).toEqual([]);
  });
});
