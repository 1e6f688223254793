// The offline briefing: the selected sentences are the key points, quoted
// verbatim with one citation each; the figures table is read from those quotes.
import type { Segmenter } from "../../ingest/segment.js";
import { toCitation } from "../answer/passage.js";
import type { ArticlePlaces } from "../answer/places.js";
import type { KeyPointCandidate } from "./candidates.js";
import { figuresTable } from "./figures-table.js";
import type { Briefing, BriefingPoint } from "./types.js";

/** Markdown residue (**5100余个**) is dropped from the point's wording; the quote keeps it, verbatim. */
export function pointWording(quote: string): string {
  // The dateline ("本报讯（辛露 记者 张齐）") names the reporter, not the point.
  return quote
    .replace(/\*\*|__/g, "")
    .replace(/^#+\s*/, "")
    .replace(/^本报(?:讯|电)\s*[（(][^）)]*[）)]\s*/, "")
    .trim();
}

export function extractiveBriefing(
  title: string,
  selected: KeyPointCandidate[],
  places: ArticlePlaces,
  segmenter: Segmenter,
): Briefing {
  const citations = selected.map((candidate, i) => toCitation(candidate, i + 1));
  const points: BriefingPoint[] = citations.map((citation) => ({
    text: `${pointWording(citation.quote)}[${citation.n}]`,
    citations: [citation.n],
  }));
  return { title, points, figures: figuresTable(citations, places, segmenter), citations, mode: "extractive" };
}
