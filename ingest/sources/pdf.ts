// PDF pages with pdfjs-dist (Mozilla's PDF.js): text runs with their positions
// and font sizes, put into reading order by pdf-layout.ts. Lines set in a much
// larger type than the body are titles ("# " for the article splitter). A page
// that paints images but holds no text is a scan: refused as not_text naming
// the page, since guessing its text would put words in the paper's mouth.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { IngestError } from "../errors.js";
import { layoutPage, type LaidOutParagraph, type TextRun } from "./pdf-layout.js";
import type { ParsedDocument } from "./types.js";
import type * as PdfJsModule from "pdfjs-dist/legacy/build/pdf.mjs";
import { itemAt } from "../indexed.js";

type PdfJs = typeof PdfJsModule;
type PdfDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;
type PdfPage = Awaited<ReturnType<PdfDocument["getPage"]>>;

const PDF_ROOT = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
/** A title is set at least this much larger than the page's body text. */
const TITLE_RATIO = 1.4;
/** Fewer visible characters than this on a page that paints an image: a scan. */
const SCAN_MAX_CHARS = 10;

let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  // The legacy build runs on Node 20 without browser globals; loaded on first use.
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs;
}

export async function parsePdf(bytes: Uint8Array, name: string): Promise<ParsedDocument> {
  const lib = await loadPdfJs();
  let document: PdfDocument;
  try {
    document = await lib.getDocument({
      data: new Uint8Array(bytes), // pdf.js takes ownership of (and detaches) the buffer
      // Adobe's CJK character maps ship with pdfjs-dist: needed for CID fonts without ToUnicode.
      cMapUrl: `${pathToFileURL(path.join(PDF_ROOT, "cmaps")).href}/`,
      cMapPacked: true,
      standardFontDataUrl: `${pathToFileURL(path.join(PDF_ROOT, "standard_fonts")).href}/`,
      isEvalSupported: false,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const reason =
      (error as Error).name === "PasswordException" ? "it is password-protected" : "it is damaged or not a PDF";
    throw new IngestError(
      "corrupt_document",
      `${name} cannot be read as a PDF: ${reason}. Export the page again and upload the new file.`,
    );
  }
  try {
    const pages: LaidOutParagraph[][] = [];
    const scanned: number[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const paragraphs = layoutPage(await textRuns(page));
      const chars = paragraphs.reduce((sum, paragraph) => sum + paragraph.text.replace(/\s/g, "").length, 0);
      if (chars < SCAN_MAX_CHARS && (await paintsImages(lib, page))) scanned.push(number);
      pages.push(paragraphs);
      page.cleanup();
    }
    if (scanned.length > 0) {
      const which = scanned.length === 1 ? `page ${scanned[0]} is` : `pages ${scanned.join(", ")} are`;
      throw new IngestError(
        "not_text",
        `${name}: ${which} a scanned image without a text layer (第${scanned.join("、")}页为扫描图片，没有文字). Run OCR on it (e.g. ocrmypdf -l chi_sim) and upload the result.`,
      );
    }
    const text = pages.map(pageText).filter(Boolean).join("\n\n");
    if (text.trim() === "")
      throw new IngestError("empty_document", `${name} holds no text on any page. Upload a PDF with a text layer.`);
    const title = await metadataTitle(document);
    return { format: "pdf", text, ...(title ? { title } : {}) };
  } finally {
    await document.destroy();
  }
}

async function textRuns(page: PdfPage): Promise<TextRun[]> {
  const content = await page.getTextContent();
  const runs: TextRun[] = [];
  for (const item of content.items) {
    if (!("str" in item) || item.str.trim() === "") continue;
    const [a, b, , , x, y] = item.transform as number[];
    runs.push({ text: item.str, x: x!, y: y!, width: item.width, size: Math.hypot(a!, b!) || item.height });
  }
  return runs;
}

async function paintsImages(lib: PdfJs, page: PdfPage): Promise<boolean> {
  const { OPS } = lib;
  const imageOps = new Set<number>([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageMaskXObject,
    OPS.paintImageXObjectRepeat,
  ]);
  const operators = await page.getOperatorList();
  return operators.fnArray.some((op) => imageOps.has(op));
}

/** One page's paragraphs as page text, titles marked by their type size. */
function pageText(paragraphs: LaidOutParagraph[]): string {
  if (paragraphs.length === 0) return "";
  const body = bodySize(paragraphs);
  return paragraphs
    .map((paragraph) =>
      paragraph.size >= TITLE_RATIO * body && paragraph.text.length <= 60 ? `# ${paragraph.text}` : paragraph.text,
    )
    .join("\n\n");
}

/** The type size that sets most characters. */
function bodySize(paragraphs: LaidOutParagraph[]): number {
  const chars = new Map<number, number>();
  for (const paragraph of paragraphs) {
    const size = Math.round(paragraph.size * 2) / 2;
    chars.set(size, (chars.get(size) ?? 0) + paragraph.text.length);
  }
  return itemAt(
    [...chars].sort((a, b) => b[1] - a[1]),
    0,
  )[0];
}

async function metadataTitle(document: PdfDocument): Promise<string | undefined> {
  const { info } = await document.getMetadata().catch(() => ({ info: {} }));
  const title = (info as { Title?: unknown }).Title;
  // Exporters often leave a file name or a placeholder as the title.
  if (
    typeof title !== "string" ||
    title.trim() === "" ||
    /\.(docx?|pdf|indd|html?)$|^untitled$|^microsoft word/i.test(title.trim())
  )
    return undefined;
  return title.trim();
}
