// Web pages with @mozilla/readability (Firefox Reader View's article
// extraction) over a linkedom DOM: navigation, sidebars, ads and footers are
// dropped by readability, and the furniture lines it keeps by html-text.ts.
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { IngestError } from "../errors.js";
import { htmlToPageText } from "./html-text.js";
import { decodeText } from "./text.js";
import type { ParsedDocument } from "./types.js";

/** Less article text than this is a page of links, not an article. */
const MIN_ARTICLE_CHARS = 20;
// Site names after the headline in <title>: "标题_新华网", "标题 - 人民网".
const SITE_SEPARATORS = ["_", "|", "｜", " - ", " – ", " — "];
const SITE_NAME_MAX = 20;

export function parseHtml(bytes: Uint8Array, name: string): ParsedDocument {
  if (bytes.length === 0)
    throw new IngestError("empty_document", `${name} is empty. Save the whole web page (HTML) and upload it again.`);
  const { text: html, encoding } = decodeText(bytes, name);
  const { document } = parseHTML(html);
  const article = new Readability(document, { charThreshold: 100 }).parse();
  if (!article?.content || (article.textContent ?? "").replace(/\s/g, "").length < MIN_ARTICLE_CHARS) {
    throw new IngestError(
      "empty_document",
      `${name} has no article text that could be found (only navigation or scripts?). Save the article page itself and upload it again.`,
    );
  }
  const title = cleanTitle(article.title ?? "");
  // Readability keeps the headline as a sub-heading and takes the by-line out: put both back on top.
  const body = htmlToPageText(article.content)
    .split("\n\n")
    .filter((paragraph) => paragraph.replace(/^#+\s*/, "") !== title);
  const head = [title ? `# ${title}` : "", article.byline?.trim() ?? ""].filter(Boolean);
  return { format: "html", text: [...head, ...body].join("\n\n"), encoding, ...(title ? { title } : {}) };
}

function cleanTitle(title: string): string {
  const trimmed = title.trim();
  const stripped = withoutSiteName(trimmed);
  return stripped.length >= 4 ? stripped : trimmed;
}

/** The title before its last site-name separator, when what follows is short enough to be a site name. */
function withoutSiteName(title: string): string {
  let cut = -1;
  let tail = 0;
  for (const separator of SITE_SEPARATORS) {
    const at = title.lastIndexOf(separator);
    if (at > cut) [cut, tail] = [at, title.length - at - separator.length];
  }
  return cut > 0 && tail >= 1 && tail <= SITE_NAME_MAX ? title.slice(0, cut).trimEnd() : title;
}
