// Every format parser on real files: a two-column PDF printed by Chromium, a
// .docx written with the docx package, a news page with its furniture, a
// GB18030 text, and the files that must be refused.
import { beforeAll, describe, expect, it } from "vitest";
import { splitArticles } from "../articles.js";
import { cleanPage } from "../clean.js";
import { IngestError } from "../errors.js";
import {
  DOCX_FACTS,
  findChromium,
  GB18030_FACTS,
  HTML_FACTS,
  makeDocx,
  makeNewsHtml,
  makeScannedPdf,
  makeTwoColumnPdf,
  PDF_FACTS,
  readFixture,
} from "../test-support/source-fixtures.js";
import { parseDocument } from "./index.js";

const chromium = findChromium();

async function errorOf(work: Promise<unknown>): Promise<IngestError> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

describe.skipIf(!chromium)("PDF (pdfjs-dist) on a two-column page printed by Chromium", () => {
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = (await makeTwoColumnPdf(chromium))!;
  }, 60_000);

  it("reads the columns in order, joins lines within a paragraph and marks the title by its size", async () => {
    const parsed = await parseDocument(pdf, "黔东南 第5版.pdf");
    expect(parsed.format).toBe("pdf");
    expect(parsed.title).toBe(PDF_FACTS.title);
    expect(parsed.text.startsWith(`# ${PDF_FACTS.title}\n\n本报记者 罗晓红\n\n`)).toBe(true);
    // The sentence was broken over two printed lines; it comes back whole.
    expect(parsed.text).toContain(PDF_FACTS.sentence);
    const order = ["今年以来，黔东南州", "截至目前", "在雷山县", "下一步，黔东南州"].map((start) =>
      parsed.text.indexOf(start),
    );
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("becomes one article with its title and by-line", async () => {
    const parsed = await parseDocument(pdf, "page.pdf");
    const articles = splitArticles(cleanPage(parsed.text), {
      sourceId: "u-test",
      source: "uploads/u-test.pdf",
      sourceName: "page.pdf",
    });
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({
      docId: "u-test-a01",
      title: PDF_FACTS.title,
      author: "罗晓红",
      sourceId: "u-test",
      sourceName: "page.pdf",
    });
    expect(articles[0]!.text).toContain(PDF_FACTS.sentence);
  });

  it("refuses an image-only page as not_text, naming the file and the page", async () => {
    const error = await errorOf(parseDocument((await makeScannedPdf(chromium))!, "扫描件.pdf"));
    expect(error.code).toBe("not_text");
    expect(error.message).toContain("扫描件.pdf");
    expect(error.message).toContain("page 1");
  }, 60_000);
});

describe("PDF that is not one", () => {
  it("a damaged PDF is corrupt_document naming the file", async () => {
    const error = await errorOf(parseDocument(await readFixture("corrupt.pdf"), "坏文件.pdf"));
    expect(error.code).toBe("corrupt_document");
    expect(error.message).toContain("坏文件.pdf");
  });

  it("a text file named .pdf is corrupt_document", async () => {
    expect((await errorOf(parseDocument(Buffer.from("hello"), "x.pdf"))).code).toBe("corrupt_document");
  });
});

describe("Word (.docx, mammoth)", () => {
  it("keeps the heading as the title and the paragraphs as body", async () => {
    const parsed = await parseDocument(await makeDocx(), "铜仁 产业工人.docx");
    expect(parsed).toMatchObject({ format: "docx", title: DOCX_FACTS.title });
    const articles = splitArticles(cleanPage(parsed.text), {
      sourceId: "u-docx",
      source: "uploads/u-docx.docx",
      sourceName: "铜仁 产业工人.docx",
    });
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ title: DOCX_FACTS.title, author: "杨帆" });
    expect(articles[0]!.text).toContain(`共培训产业工人${DOCX_FACTS.figure}`);
  });

  it("a damaged .docx is corrupt_document", async () => {
    const docx = await makeDocx();
    expect((await errorOf(parseDocument(docx.subarray(0, 200), "half.docx"))).code).toBe("corrupt_document");
  });
});

describe("HTML (readability over linkedom)", () => {
  it("keeps the article and drops navigation, ads, 热门推荐 and the footer", async () => {
    const parsed = await parseDocument(Buffer.from(makeNewsHtml()), "anshun.html");
    expect(parsed.title).toBe(HTML_FACTS.title);
    expect(parsed.text).toContain(`新建党群服务驿站${HTML_FACTS.figure}`);
    for (const furniture of ["首页", "广告", "热门推荐", "某明星", "版权所有", "ICP备", "黔南新闻网"])
      expect(parsed.text).not.toContain(furniture);
    const articles = splitArticles(cleanPage(parsed.text), {
      sourceId: "u-html",
      source: "uploads/u-html.html",
      sourceName: "anshun.html",
    });
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ title: HTML_FACTS.title, author: "陈静" });
  });

  it("a page with no article text is empty_document", async () => {
    expect(
      (await errorOf(parseDocument(Buffer.from("<html><body><nav>首页</nav></body></html>"), "nav.html"))).code,
    ).toBe("empty_document");
  });
});

describe("text (.txt / .md) and its encoding", () => {
  it("decodes GB18030 and says so", async () => {
    const parsed = await parseDocument(await readFixture("gb18030-page.txt"), "遵义.txt");
    expect(parsed.encoding).toBe("gb18030");
    expect(parsed.text).toContain(GB18030_FACTS.title);
    expect(parsed.text).toContain(GB18030_FACTS.figure);
  });

  it("reads UTF-8 with a BOM as utf-8", async () => {
    const parsed = await parseDocument(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("标题\n\n正文。")]),
      "a.md",
    );
    expect(parsed).toMatchObject({ format: "md", encoding: "utf-8", text: "标题\n\n正文。" });
  });

  it.each([
    ["empty", Buffer.alloc(0), "empty_document"],
    ["whitespace only", Buffer.from(" \n\u3000\n"), "empty_document"],
    ["binary", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), "not_text"],
    ["Latin-1 bytes", Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xa9, 0xbf, 0x20, 0xff]), "encoding"],
  ])("refuses a %s file with %s", async (_what, bytes, code) => {
    const error = await errorOf(parseDocument(bytes, "bad.txt"));
    expect(error.code).toBe(code);
    expect(error.message).toContain("bad.txt");
  });

  it("refuses an unknown extension as unsupported_format", async () => {
    const error = await errorOf(parseDocument(Buffer.from("a,b"), "table.xlsx"));
    expect(error.code).toBe("unsupported_format");
    expect(error.message).toContain("table.xlsx");
  });
});
