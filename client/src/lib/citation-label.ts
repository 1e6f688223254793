// How lists and exports name a citation: its number, the article's title and
// author, and the source's readable name (left out when it is the title).
import { sourceLabel } from "../../../server/markdown/briefing.js";
import type { Citation } from "../../../server/protocol.js";

export function citationLabel(citation: Pick<Citation, "n" | "title" | "author" | "source" | "sourceName">): string {
  const author = citation.author ? ` ${citation.author}` : "";
  const source = sourceLabel(citation);
  return `[${citation.n}] 《${citation.title}》${author}${source ? `（${source}）` : ""}`;
}
