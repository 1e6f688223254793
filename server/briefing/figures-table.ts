// The figures table, read from the quoted sentences only (never from model
// text): each figure as printed, what it counts (the noun phrase next to it),
// and where (a place named in the sentence, else the article's province).
import type { Segmenter } from "../../ingest/segment.js";
import { ARABIC_FIGURES } from "../answer/figure-grammar.js";
import { findEntities, PROVINCES } from "../answer/entities.js";
import type { Citation } from "../answer/types.js";
import type { ArticlePlaces } from "../answer/places.js";
import type { BriefingFigure } from "./types.js";

const MAX_FIGURES = 12;
const NOT_A_COUNT = /^\d{4}年$|^\d{1,2}[月日]$|^\d+年$/;
const CLAUSE = /[，,；;。！？、：:]/;
const NOUN_TAG = /^(n|vn|nz|ng|j|eng)/;
// Modifiers inside a noun phrase after the figure ("友好社区", "新兴产业").
const MODIFIER_TAG = /^(a|b)$/;
const BRACKET = /^[()（）“”"「」]$/;
const PLACE_SUFFIX = /[省市县州区镇乡村旗盟]$/;
// Predicates a figure follows ("增长9.6%", "达到5000亿元"): kept in the label, they say what changed.
const PREDICATE = /^(增长|下降|提高|提升|达到|达|超过|突破|减少|增加|占比|占)$/;

/** The noun phrase ending where the figure starts ("…建立产业链党建联盟(党委)" → "产业链党建联盟(党委)"). */
function labelBefore(before: string, segmenter: Segmenter): string {
  const words = segmenter.tag(before);
  const kept: string[] = [];
  for (let i = words.length - 1; i >= 0; i--) {
    const entry = words[i];
    if (!entry) break;
    const { word, tag } = entry;
    if (NOUN_TAG.test(tag) || BRACKET.test(word) || (kept.length === 0 && PREDICATE.test(word))) kept.unshift(word);
    else break;
  }
  return kept.join("").replace(/^[()（）]+/, "");
}

/** The noun phrase starting after the figure ("3.61万个基层党组织纳入其中" → "基层党组织"). */
function labelAfter(after: string, segmenter: Segmenter): string {
  // "8辆满载快递的邮政直投车": skip a short lead-in, and restart after 的 (what precedes it only modifies).
  let kept: string[] = [];
  let skipped = 0;
  for (const { word, tag } of segmenter.tag(after)) {
    if (NOUN_TAG.test(tag) || MODIFIER_TAG.test(tag) || BRACKET.test(word)) kept.push(word);
    else if (word === "的") kept = [];
    else if (kept.some((part) => !BRACKET.test(part)) || ++skipped > 2) break;
  }
  return kept.join("").replace(/^[“"「]+$/, "");
}

function clauseAround(quote: string, start: number, end: number): { before: string; after: string } {
  let from = start;
  while (from > 0 && !CLAUSE.test(quote.charAt(from - 1))) from--;
  let to = end;
  while (to < quote.length && !CLAUSE.test(quote.charAt(to))) to++;
  return { before: quote.slice(from, start), after: quote.slice(end, to) };
}

function placeOf(quote: string, citation: Citation, places: ArticlePlaces, segmenter: Segmenter): string | undefined {
  const inQuote = findEntities(quote, segmenter);
  const province = inQuote.find((entity) => PROVINCES.includes(entity));
  if (province) return province;
  const place = segmenter
    .tag(quote)
    .find(({ word, tag }) => tag === "ns" && word.length >= 2 && PLACE_SUFFIX.test(word))?.word;
  // Else the article's province (the one it names most often), else its page's.
  return place ?? places.mainProvince(citation.docId, citation.source);
}

/** HTML tags blanked out, offsets kept: `<img onerror=…>` in a quote is markup, and its words never become a label. */
function withoutMarkup(quote: string): string {
  return quote.replace(/<\/?[A-Za-z][^<>\n]*>?/g, (tag) => " ".repeat(tag.length));
}

export function figuresTable(citations: Citation[], places: ArticlePlaces, segmenter: Segmenter): BriefingFigure[] {
  const figures: BriefingFigure[] = [];
  const seen = new Set<string>();
  for (const citation of citations) {
    const quote = withoutMarkup(citation.quote);
    // Arabic figures only: "一个", "两支队伍" are wording, not key figures.
    for (const match of quote.matchAll(ARABIC_FIGURES)) {
      const value = match[0];
      if (NOT_A_COUNT.test(value) || seen.has(`${value}|${citation.n}`)) continue;
      seen.add(`${value}|${citation.n}`);
      const { before, after } = clauseAround(quote, match.index, match.index + value.length);
      // A figure closing its clause counts what comes before it; otherwise what follows.
      const label =
        (after.trim().length <= 1
          ? labelBefore(before, segmenter)
          : labelAfter(after, segmenter) || labelBefore(before, segmenter)) || (before + after).trim().slice(-16);
      const place = placeOf(quote, citation, places, segmenter);
      figures.push({
        value,
        label: label.replace(/\*\*/g, "") || "（见原文）",
        ...(place ? { place } : {}),
        citation: citation.n,
      });
      if (figures.length >= MAX_FIGURES) return figures;
    }
  }
  return figures;
}
