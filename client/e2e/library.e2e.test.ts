// The 资料库 in the browser: upload a Word file (button) and a web page
// (dropped), see a refused file's message, open an upload's article in the
// viewer, pick the upload as the scope and ask within it, ask → a cited answer
// naming the upload, delete it (confirmed) → no longer cited. The real built
// client, the real server and store.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCX_FACTS, HTML_FACTS, makeDocx, makeNewsHtml } from "../../ingest/test-support/source-fixtures.js";
import { startLibraryApp, type LibraryApp } from "../../server/test-support/library-app.js";
import { chromiumAvailable, launchBrowser, type Browser } from "./browser.js";
import { ChatPage } from "./chat-page.js";
import { LibraryPage } from "./library-page.js";
import { ToolsPage } from "./tools-page.js";
import { buildClient, SCREENSHOT_DIR } from "./test-server.js";

const chromiumFound = chromiumAvailable("library e2e");
const DOCX_NAME = "铜仁 产业工人.docx";
const HTML_NAME = "安顺新闻.html";
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

describe.skipIf(!chromiumFound)("the 资料库 in headless Chromium", () => {
  let workDir: string;
  let lib: LibraryApp;
  let browser: Browser;
  let chat: ChatPage;
  let library: LibraryPage;
  let tools: ToolsPage;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), "library-e2e-"));
    const clientDir = path.join(workDir, "client-dist");
    await buildClient(clientDir);
    lib = await startLibraryApp({ clientDir });
    browser = await launchBrowser();
    chat = new ChatPage(browser.page);
    library = new LibraryPage(browser.page);
    tools = new ToolsPage(browser.page);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await chat.open(lib.server.url);
    await library.open();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await lib?.cleanup();
    await rm(workDir, { recursive: true, force: true });
  });

  it("lists the seed pages by title, never by their code file names, and searches them", async () => {
    const names = await library.names();
    expect(names).toHaveLength(5);
    expect(names).toContain("党建聚合力 发展增动能");
    expect(names.join(" ")).not.toMatch(/[0-9a-f]{16}/);
    await library.search("党建聚合力");
    expect(await library.names()).toEqual(["党建聚合力 发展增动能"]);
    await library.search("");
  });

  it("uploads by button with a progress bar, and names the refused file", async () => {
    await library.uploadWithButton([
      { name: DOCX_NAME, mimeType: DOCX_TYPE, buffer: await makeDocx() },
      { name: "表格.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("x") },
    ]);
    const refused = await library.waitForUpload("表格.xlsx", "failed");
    expect(await refused.getByTestId("upload-error").innerText()).toContain("表格.xlsx");
    await library.waitForUpload(DOCX_NAME, "ready");
    expect(await library.upload(DOCX_NAME).locator("progress").getAttribute("value")).toBe("100");
    await library.item(DOCX_NAME).waitFor();
  });

  it("uploads a dropped web page", async () => {
    await library.drop({ name: HTML_NAME, mimeType: "text/html", text: makeNewsHtml() });
    await library.waitForUpload(HTML_NAME, "ready");
    await library.item(HTML_NAME).waitFor();
    await browser.page.screenshot({ path: path.join(SCREENSHOT_DIR, "library.png"), fullPage: true });
  });

  it("opens an upload's article in the source viewer, named by its file", async () => {
    await library.openArticle(HTML_NAME, HTML_FACTS.title);
    await chat.viewer().waitFor();
    expect(await chat.viewer().getByTestId("viewer-source").innerText()).toBe(HTML_NAME);
    const text = await chat.viewer().getByTestId("source-article").innerText();
    expect(text).toContain(HTML_FACTS.title);
    expect(text).not.toContain("热门推荐");
    await chat.closeViewer();
  });

  it("offers an upload in the scope picker at once, and answers within it from it alone", async () => {
    await browser.page.getByTestId("mode-chat").click();
    await tools.pickSource(HTML_NAME);
    expect(await tools.scopeChips().allInnerTexts()).toEqual([`来源：${HTML_FACTS.title}`]);
    await chat.ask(HTML_FACTS.question);
    const turn = await chat.waitForAnswer();
    expect(await chat.answerText(turn)).toContain(HTML_FACTS.figure);
    const sources = await turn.getByTestId("source-item").allInnerTexts();
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((source) => source.includes(HTML_NAME))).toBe(true);
    await browser.page.getByTestId("scope-chip-remove").click();
    expect(await tools.scopeChips().count()).toBe(0);
  });

  it("answers from the upload with a citation naming it, and stops citing it once deleted", async () => {
    await browser.page.getByTestId("mode-chat").click();
    await chat.ask(DOCX_FACTS.question);
    let turn = await chat.waitForAnswer();
    expect(await chat.answerText(turn)).toContain(DOCX_FACTS.figure);
    expect(await turn.getByTestId("sources").innerText()).toContain(DOCX_NAME);

    await library.open();
    await library.delete(DOCX_NAME);
    expect(await library.names()).not.toContain(DOCX_NAME);

    await browser.page.getByTestId("mode-chat").click();
    await chat.ask(DOCX_FACTS.question);
    turn = await chat.waitForAnswer();
    expect(await chat.answerText(turn)).not.toContain(DOCX_FACTS.figure);
    expect(await turn.innerText()).not.toContain(DOCX_NAME);
    expect(browser.pageErrors).toEqual([]);
  });
});
