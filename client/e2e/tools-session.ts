// One browser session on a fresh real server for the tools' browser tests: the
// server (with its own store file and eval reports folder), headless Chromium
// at desktop size with the page opened and connected, and the page objects.
import { mkdir } from "node:fs/promises";
import type { Page } from "playwright-core";
import { BriefingPage } from "./briefing-page.js";
import { launchBrowser, type Browser } from "./browser.js";
import { ChatPage } from "./chat-page.js";
import { SCREENSHOT_DIR, startE2eServer, type E2eServer } from "./test-server.js";
import { ToolsPage } from "./tools-page.js";

export interface ToolsSession {
  server: E2eServer;
  browser: Browser;
  page: Page;
  chat: ChatPage;
  briefing: BriefingPage;
  tools: ToolsPage;
  close: () => Promise<void>;
}

export async function openToolsSession(): Promise<ToolsSession> {
  const server = await startE2eServer();
  const browser = await launchBrowser();
  const { page } = browser;
  const chat = new ChatPage(page);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await chat.open(server.url);
  return {
    server,
    browser,
    page,
    chat,
    briefing: new BriefingPage(page),
    tools: new ToolsPage(page),
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
