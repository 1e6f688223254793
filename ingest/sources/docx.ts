// Word documents (.docx) with mammoth, which maps Word's paragraph styles to
// HTML (Heading 1 → h1, Title → h1) and ignores layout; html-text.ts turns that
// into page text with the headings kept for the article splitter.
import mammoth from "mammoth";
import { IngestError } from "../errors.js";
import { htmlToPageText } from "./html-text.js";
import type { ParsedDocument } from "./types.js";

const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

export async function parseDocx(bytes: Uint8Array, name: string): Promise<ParsedDocument> {
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { styleMap: STYLE_MAP }));
  } catch {
    throw new IngestError(
      "corrupt_document",
      `${name} cannot be read as a Word document (.docx): it is damaged, or an old .doc saved under a new name. Open it in Word or WPS, save as .docx, and upload it again.`,
    );
  }
  const text = htmlToPageText(html);
  if (text.trim() === "")
    throw new IngestError("empty_document", `${name} holds no text. Upload a Word document with the article's text.`);
  const title = /^# (.+)$/m.exec(text)?.[1];
  return { format: "docx", text, ...(title ? { title } : {}) };
}
