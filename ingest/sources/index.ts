// One entry point for every format: the file's extension picks the parser, and
// the first bytes must agree (a .pdf that is not a PDF is refused by name).
import path from "node:path";
import { IngestError } from "../errors.js";
import { parseDocx } from "./docx.js";
import { parseHtml } from "./html.js";
import { parsePdf } from "./pdf.js";
import { parseText } from "./text.js";
import type { ParsedDocument, SourceFormat } from "./types.js";

export type { ParsedDocument, SourceFormat } from "./types.js";

const EXTENSIONS: Record<string, SourceFormat> = {
  ".txt": "txt",
  ".md": "md",
  ".markdown": "md",
  ".pdf": "pdf",
  ".docx": "docx",
  ".html": "html",
  ".htm": "html",
};

export const SUPPORTED_EXTENSIONS = Object.keys(EXTENSIONS);

/** The format a file name asks for, or undefined when it is not one we read. */
export function formatOf(name: string): SourceFormat | undefined {
  return EXTENSIONS[path.extname(name).toLowerCase()];
}

export function unsupported(name: string): IngestError {
  return new IngestError(
    "unsupported_format",
    `${name}: this file type is not supported. Upload PDF (.pdf), Word (.docx), web pages (.html) or text (.txt, .md). 不支持的文件类型。`,
  );
}

export async function parseDocument(bytes: Uint8Array, name: string): Promise<ParsedDocument> {
  const format = formatOf(name);
  if (!format) throw unsupported(name);
  if (bytes.length === 0)
    throw new IngestError("empty_document", `${name} is empty. Upload the file with its content.`);
  switch (format) {
    case "pdf":
      if (!startsWith(bytes, "%PDF-"))
        throw new IngestError(
          "corrupt_document",
          `${name} is not a PDF (it does not start with %PDF-). Export the page as PDF again and upload the new file.`,
        );
      return parsePdf(bytes, name);
    case "docx":
      if (!startsWith(bytes, "PK"))
        throw new IngestError(
          "corrupt_document",
          `${name} is not a .docx file (an old .doc, or damaged). Save it as .docx in Word or WPS and upload it again.`,
        );
      return parseDocx(bytes, name);
    case "html":
      return parseHtml(bytes, name);
    case "txt":
    case "md":
      return parseText(bytes, name, format);
  }
}

function startsWith(bytes: Uint8Array, magic: string): boolean {
  return Buffer.from(bytes.subarray(0, magic.length)).toString("latin1") === magic;
}
