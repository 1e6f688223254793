// The library through the real routes: every format uploaded over HTTP and
// answered from at once (no restart), bad uploads refused with the index
// unchanged, deletion, progress over Socket.IO, a restart keeping the uploads,
// readable names for files with spaces or Chinese, docIds unique per source.
import { readlink } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DOCX_FACTS,
  findChromium,
  GB18030_FACTS,
  HTML_FACTS,
  makeDocx,
  makeNewsHtml,
  makeTwoColumnPdf,
  PDF_FACTS,
  readFixture,
} from "../ingest/test-support/source-fixtures.js";
import type {
  AskResponseBody,
  DocumentResponseBody,
  ErrorResponseBody,
  SourceProgressPayload,
  SourceResponseBody,
  SourcesAddedResponseBody,
  SourcesResponseBody,
} from "./protocol.js";
import { makeLibraryDirs, startLibraryApp, type LibraryApp } from "./test-support/library-app.js";

const DUP_TXT = "江苏示范页\n\n本报记者 王力\n\n今年以来，示范县建成红色驿站11个，服务群众上万人次。\n";
const DUP_MD = "# 江苏示范页续\n\n本报记者 王力\n\n今年以来，示范县开通共享书屋27个，覆盖全部乡镇。\n";
const SPACED_NAME = "江苏 第3版 2025.txt";
const SPACED_PAGE =
  "宿迁市党建引领快递进村\n\n本报记者 李明\n\n截至目前，宿迁市建成村级快递服务点912个，实现行政村全覆盖。\n";

let lib: LibraryApp;
const url = (route: string) => `${lib.server.url}${route}`;

async function upload(name: string, bytes: Buffer | string, headers: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([bytes]), name);
  return fetch(url("/api/sources"), { method: "POST", body: form, headers });
}

async function ask(question: string): Promise<AskResponseBody> {
  const response = await fetch(url("/api/ask"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question }),
  });
  return (await response.json()) as AskResponseBody;
}

const listSources = async () => ((await (await fetch(url("/api/sources"))).json()) as SourcesResponseBody).sources;

async function expectError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorResponseBody;
  expect(body.error.code).toBe(code);
  return body.error.message;
}

beforeAll(async () => {
  const dirs = await makeLibraryDirs({ "dup.txt": DUP_TXT, "dup.md": DUP_MD, [SPACED_NAME]: SPACED_PAGE });
  lib = await startLibraryApp({ uploadMaxBytes: 300 * 1024 }, dirs);
}, 60_000);

afterAll(async () => {
  await lib.cleanup();
});

describe("GET /api/sources", () => {
  it("lists the seed pages with name, title, format, bytes, articles, addedAt and status", async () => {
    const sources = await listSources();
    expect(sources).toHaveLength(8);
    const page = sources.find((source) => source.sourceId === "003_518b5102fb447ec0");
    expect(page).toMatchObject({
      name: "003_518b5102fb447ec0.txt",
      title: "党建聚合力 发展增动能",
      format: "txt",
      origin: "seed",
      status: "ready",
      encoding: "utf-8",
    });
    expect(page!.articles).toBeGreaterThan(1);
    expect(Date.parse(page!.addedAt)).not.toBeNaN();
  });

  it("gives dup.txt and dup.md their own ids, and each question its own file's figure", async () => {
    const ids = (await listSources())
      .filter((source) => source.name.startsWith("dup."))
      .map((source) => [source.name, source.sourceId]);
    expect(Object.fromEntries(ids)).toEqual({ "dup.txt": "dup", "dup.md": "dup-md" });
    const books = await ask("示范县开通了多少个共享书屋？");
    expect(books.answer).toContain("27");
    expect(books.citations[0]).toMatchObject({ docId: "dup-md-a01", sourceName: "dup.md" });
    expect((await ask("示范县建成了多少个红色驿站？")).citations[0]?.docId).toBe("dup-a01");
  });

  it("serves a file named with spaces and Chinese end to end: listed, cited by name, opened in the viewer", async () => {
    const source = (await listSources()).find((candidate) => candidate.name === SPACED_NAME)!;
    expect(source.sourceId).toMatch(/^s-[0-9a-f]{12}$/);
    const result = await ask("宿迁市建成了多少个村级快递服务点？");
    expect(result.citations[0]).toMatchObject({ sourceId: source.sourceId, sourceName: SPACED_NAME });
    const document = await fetch(url(`/api/documents/${encodeURIComponent(result.citations[0]!.docId)}`));
    expect(document.status).toBe(200);
    expect(((await document.json()) as DocumentResponseBody).text).toContain("912个");
    const one = (await (await fetch(url(`/api/sources/${source.sourceId}`))).json()) as SourceResponseBody;
    expect(one.articles).toEqual([
      { docId: `${source.sourceId}-a01`, title: "宿迁市党建引领快递进村", author: "李明" },
    ]);
  });
});

describe("POST /api/sources", () => {
  const formats: Array<
    [string, string, () => Promise<Buffer | undefined>, { question: string; figure: string; title: string }]
  > = [
    ["a two-column PDF page", "黔东南 第5版.pdf", () => makeTwoColumnPdf(), PDF_FACTS],
    ["a Word document", "铜仁 产业工人.docx", makeDocx, DOCX_FACTS],
    ["an HTML news page", "安顺新闻.html", async () => Buffer.from(makeNewsHtml()), HTML_FACTS],
    ["a GB18030 text", "遵义 观察.txt", () => readFixture("gb18030-page.txt"), GB18030_FACTS],
  ];

  it.each(formats)(
    "adds %s: listed, and answered from with a citation naming the upload, without a restart",
    async (what, name, make, facts) => {
      const bytes = await make();
      if (!bytes) {
        console.warn(`skipped ${what}: no Chromium at ${findChromium() ?? "/usr/bin/chromium"}`);
        return;
      }
      const response = await upload(name, bytes);
      expect(response.status).toBe(201);
      const [added] = ((await response.json()) as SourcesAddedResponseBody).sources;
      expect(added).toMatchObject({ name, title: facts.title, origin: "upload", status: "ready" });
      expect((await listSources()).some((source) => source.sourceId === added!.sourceId && source.name === name)).toBe(
        true,
      );
      const result = await ask(facts.question);
      expect(result.refused).toBe(false);
      expect(result.answer).toContain(facts.figure);
      expect(result.citations[0]).toMatchObject({
        docId: added!.articles[0]!.docId,
        sourceId: added!.sourceId,
        sourceName: name,
        title: facts.title,
      });
    },
    60_000,
  );

  it("keeps the HTML page's furniture out of the article text", async () => {
    const html = (await listSources()).find((source) => source.format === "html")!;
    const article = (await (await fetch(url(`/api/documents/${html.sourceId}-a01`))).json()) as DocumentResponseBody;
    for (const furniture of ["热门推荐", "广告", "版权所有", "ICP备", "首页"])
      expect(article.text).not.toContain(furniture);
  });

  it.each([
    ["a corrupt PDF", "坏.pdf", () => readFixture("corrupt.pdf"), 422, "corrupt_document"],
    ["an unsupported type", "表格.xlsx", async () => Buffer.from("PK\x03\x04"), 415, "unsupported_format"],
    ["an empty file", "空.txt", async () => Buffer.alloc(0), 422, "empty_document"],
    ["a binary .txt", "x.txt", async () => Buffer.from([0x89, 0x50, 0x00, 0x01]), 422, "not_text"],
    [
      "a text in another encoding",
      "latin.txt",
      async () => Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xa9, 0xbf, 0xff]),
      422,
      "encoding",
    ],
    ["a file over the size limit", "big.txt", async () => Buffer.alloc(400 * 1024, "字"), 413, "payload_too_large"],
  ])("refuses %s with a 4xx naming the file, and changes nothing", async (_what, name, make, status, code) => {
    const version = await readlink(lib.indexDir);
    const before = await listSources();
    const message = await expectError(await upload(name, await make()), status, code);
    expect(message).toContain(name);
    expect(await readlink(lib.indexDir)).toBe(version);
    expect(await listSources()).toEqual(before);
  });

  it("refuses the same file twice with 409 duplicate_source", async () => {
    await expectError(await upload("again.txt", await readFixture("gb18030-page.txt")), 409, "duplicate_source");
  });

  it("refuses a body that is not multipart", async () => {
    await expectError(
      await fetch(url("/api/sources"), { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
      400,
      "bad_request",
    );
  });

  it("reports progress over Socket.IO until the source is ready", async () => {
    const client = lib.server.connect();
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    const events: SourceProgressPayload[] = [];
    client.on("source:progress", (event) => events.push(event));
    const page = "毕节市夜校培训\n\n本报记者 张华\n\n今年以来，毕节市开办乡村夜校134所，培训农民三万余人次。\n";
    const response = await upload("毕节 夜校.md", page);
    expect(response.status).toBe(201);
    const [added] = ((await response.json()) as SourcesAddedResponseBody).sources;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const mine = events.filter((event) => event.sourceId === added!.sourceId);
    expect(mine.map((event) => event.stage)).toEqual(["parse", "parse", "embed", "index", "ready"]);
    expect(mine.every((event) => event.name === "毕节 夜校.md")).toBe(true);
    expect(mine.at(-1)).toMatchObject({ done: mine.at(-1)!.total });
  });
});

describe("DELETE /api/sources/:sourceId", () => {
  it("removes the source: never cited again, its documents gone; unknown ids are 404", async () => {
    const docx = (await listSources()).find((source) => source.format === "docx")!;
    const response = await fetch(url(`/api/sources/${docx.sourceId}`), { method: "DELETE" });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { deleted: { sourceId: string } }).deleted.sourceId).toBe(docx.sourceId);
    const result = await ask(DOCX_FACTS.question);
    expect(result.citations.some((citation) => citation.sourceId === docx.sourceId)).toBe(false);
    expect((await fetch(url(`/api/documents/${docx.sourceId}-a01`))).status).toBe(404);
    await expectError(await fetch(url(`/api/sources/${docx.sourceId}`), { method: "DELETE" }), 404, "not_found");
    await expectError(await fetch(url("/api/sources/..%2F..%2Fetc"), { method: "DELETE" }), 404, "not_found");
  });
});

describe("a restart", () => {
  it("keeps the uploads and the deletions", async () => {
    const before = await listSources();
    await lib.stop();
    lib = await startLibraryApp({ uploadMaxBytes: 300 * 1024 }, lib);
    expect(await listSources()).toEqual(before);
    expect((await ask(HTML_FACTS.question)).answer).toContain(HTML_FACTS.figure);
    expect((await ask(DOCX_FACTS.question)).citations.some((citation) => citation.sourceName?.endsWith(".docx"))).toBe(
      false,
    );
  }, 60_000);
});
