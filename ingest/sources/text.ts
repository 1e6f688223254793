// Plain text and markdown: UTF-8 (with or without BOM), UTF-16 with a BOM, or
// GB18030 (a superset of GBK and GB2312, what Chinese Windows tools still
// save). The encoding used is reported; bytes that fit none are refused rather
// than decoded into mojibake.
import { IngestError } from "../errors.js";
import type { ParsedDocument, SourceFormat } from "./types.js";

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const GB18030 = new TextDecoder("gb18030", { fatal: true });
// Share of non-ASCII characters that must be Chinese (or CJK punctuation) for a
// GB18030 reading to count: random bytes also decode, but to rare symbols.
const MIN_CJK_SHARE = 0.6;

export function decodeText(bytes: Uint8Array, name: string): { text: string; encoding: string } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  if (bytes.includes(0))
    throw new IngestError(
      "not_text",
      `${name} is binary (it contains NUL bytes), not text. Upload the document itself (PDF, Word, HTML) or a text export of it.`,
    );
  try {
    return { text: UTF8.decode(bytes).replace(/^\uFEFF/, ""), encoding: "utf-8" };
  } catch {
    // not UTF-8: try the Chinese national encoding next
  }
  try {
    const text = GB18030.decode(bytes);
    if (cjkShare(text) >= MIN_CJK_SHARE) return { text, encoding: "gb18030" };
  } catch {
    // neither
  }
  throw new IngestError(
    "encoding",
    `${name} is neither UTF-8 nor GB18030/GBK text. Save it as UTF-8 (e.g. iconv -f <encoding> -t UTF-8) and upload it again.`,
  );
}

function cjkShare(text: string): number {
  // The whole ASCII range, control characters included, is what is removed here.
  // eslint-disable-next-line no-control-regex
  const nonAscii = text.replace(/[\x00-\x7f]/g, "");
  if (nonAscii.length === 0) return 1;
  const cjk = nonAscii.match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2010-\u201f\u2026\u00b7]/g)?.length ?? 0;
  return cjk / nonAscii.length;
}

export function parseText(
  bytes: Uint8Array,
  name: string,
  format: Extract<SourceFormat, "txt" | "md">,
): ParsedDocument {
  if (bytes.length === 0)
    throw new IngestError("empty_document", `${name} is empty. Upload a file with the page's text.`);
  const { text, encoding } = decodeText(bytes, name);
  if (text.trim() === "")
    throw new IngestError("empty_document", `${name} holds only whitespace. Upload a file with the page's text.`);
  return { format, text, encoding };
}
