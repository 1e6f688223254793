// What happens to a saved briefing's content, as pure functions: saving a built
// briefing (its citations checked against the index, so a saved quote is always
// the article's text), editing its points, adding a chat answer as a point.
// After each, citations are renumbered in order of first use and the ones no
// point cites any more (with their figures) are dropped.
import type { ArticleLookup } from "../../ingest/article-lookup.js";
import {
  cleanCitationMarkers,
  formatCitationMarkers,
  parseCitationMarkers,
  remapCitationMarkers,
  stripCitationMarkers,
} from "../answer/citations.js";
import type { Citation } from "../answer/types.js";
import { UserError } from "../errors.js";
import type { RecordedAnswer, SavedBriefing, SavedBriefingContent, SavedBriefingPoint } from "../store/types.js";
import { MAX_POINTS, POINT_CHARS, type CreateSavedBriefingBody, type EditSavedBriefingBody } from "./schema.js";

const bad = (message: string) => new UserError("bad_request", message);

/** The point's text with only its own markers, and its markers at the end when the text lost them all. */
function withOwnMarkers(text: string, citations: number[]): string {
  const cleaned = cleanCitationMarkers(text, new Set(citations)).text.trim();
  return parseCitationMarkers(cleaned).length > 0 ? cleaned : `${cleaned}${formatCitationMarkers(citations)}`;
}

/** Every citation must quote its article exactly; title, source (id, name) and author come from the index. */
function checkedCitations(citations: Citation[], articleById: ArticleLookup): Citation[] {
  const numbers = new Set<number>();
  return citations.map((citation) => {
    const article = articleById.get(citation.docId);
    if (numbers.has(citation.n)) throw bad(`citations: number ${citation.n} is used twice`);
    numbers.add(citation.n);
    if (!article) throw bad(`citations[${citation.n}]: no article "${citation.docId}" in the corpus`);
    if (citation.end <= citation.start || article.text.slice(citation.start, citation.end) !== citation.quote) {
      throw bad(
        `citations[${citation.n}]: the quote is not the text of ${citation.docId} at ${citation.start}–${citation.end}`,
      );
    }
    const { n, docId, quote, start, end } = citation;
    return {
      n,
      docId,
      source: article.source,
      sourceId: article.sourceId,
      sourceName: article.sourceName,
      title: article.title,
      ...(article.author ? { author: article.author } : {}),
      quote,
      start,
      end,
    };
  });
}

/** Renumber citations in order of first use by the points; drop unused citations and their figures. */
function renumbered(content: SavedBriefingContent): SavedBriefingContent {
  const order = [...new Set(content.points.flatMap((point) => point.citations))];
  const map = new Map(order.map((n, i) => [n, i + 1]));
  const byNumber = new Map(content.citations.map((citation) => [citation.n, citation]));
  return {
    ...content,
    points: content.points.map((point) => ({
      ...point,
      text: remapCitationMarkers(point.text, map),
      citations: point.citations.map((n) => map.get(n) ?? n),
      ...(point.originalText ? { originalText: remapCitationMarkers(point.originalText, map) } : {}),
    })),
    citations: order.flatMap((n, i) => {
      const citation = byNumber.get(n);
      return citation ? [{ ...citation, n: i + 1 }] : [];
    }),
    figures: content.figures
      .filter((figure) => map.has(figure.citation))
      .map((figure) => ({ ...figure, citation: map.get(figure.citation) ?? figure.citation })),
  };
}

export function savedContent(body: CreateSavedBriefingBody, articleById: ArticleLookup): SavedBriefingContent {
  const { briefing } = body;
  const citations = checkedCitations(briefing.citations, articleById);
  const quotes = new Map(citations.map((citation) => [citation.n, citation.quote]));
  const points: SavedBriefingPoint[] = briefing.points.map((point, i) => {
    const unknown = point.citations.find((n) => !quotes.has(n));
    if (unknown !== undefined) throw bad(`briefing.points[${i}]: cites [${unknown}], which is not among the citations`);
    return {
      id: `p${i + 1}`,
      text: withOwnMarkers(point.text, point.citations),
      citations: [...new Set(point.citations)],
    };
  });
  briefing.figures.forEach((figure, i) => {
    if (!quotes.get(figure.citation)?.includes(figure.value))
      throw bad(`briefing.figures[${i}]: ${figure.value} is not in the quote of citation ${figure.citation}`);
  });
  return renumbered({
    topic: body.topic,
    ...(body.scope ? { scope: body.scope } : {}),
    title: briefing.title,
    points,
    figures: briefing.figures,
    citations,
    mode: briefing.mode,
    ...(briefing.notice ? { notice: briefing.notice } : {}),
  });
}

/** Keep, order and rewrite points by id; a rewritten point keeps its citations and is marked edited. */
export function editedContent(saved: SavedBriefing, edit: EditSavedBriefingBody): SavedBriefingContent {
  const byId = new Map(saved.points.map((point) => [point.id, point]));
  const seen = new Set<string>();
  const points = edit.points.map(({ id, text }, i): SavedBriefingPoint => {
    const point = byId.get(id);
    if (!point) throw bad(`points[${i}].id: "${id}" is not a point of this briefing (reload it to see its points)`);
    if (seen.has(id)) throw bad(`points[${i}].id: "${id}" is listed twice`);
    seen.add(id);
    const original = point.originalText ?? point.text;
    const nextText = withOwnMarkers(text, point.citations);
    const edited = stripCitationMarkers(nextText).trim() !== stripCitationMarkers(original).trim();
    const { edited: _edited, originalText: _original, ...rest } = point;
    return { ...rest, text: nextText, ...(edited ? { edited: true, originalText: original } : {}) };
  });
  return renumbered({ ...contentOf(saved), ...(edit.title ? { title: edit.title } : {}), points });
}

/** The answer without its quote, source and related-passage blocks: what a briefing point says. */
export function answerForBriefing(answer: string): string {
  // A block opens a line, after spaces on that line only (\s* would rescan every following blank line).
  const block = /(?:^|\n)[^\S\n]*(?:原文|来源|相关内容)[:：]/u.exec(answer);
  const body = (block ? answer.slice(0, block.index) : answer).trim();
  return body
    .split(/\n\s*\n/u)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .join("");
}

/** A chat answer appended as a point, its citations merged into the briefing's (same passage, same number). */
export function withAnswer(saved: SavedBriefing, answer: RecordedAnswer): SavedBriefingContent {
  if (answer.refused || answer.citations.length === 0)
    throw bad("This answer was a refusal or cites nothing: there is no cited point to add.");
  if (saved.points.length >= MAX_POINTS)
    throw bad(`The briefing already holds ${MAX_POINTS} points; remove one first.`);
  const citations = [...saved.citations];
  const map = new Map<number, number>();
  for (const citation of answer.citations) {
    const same = citations.find(
      (known) => known.docId === citation.docId && known.start === citation.start && known.end === citation.end,
    );
    const n = same?.n ?? Math.max(0, ...citations.map((known) => known.n)) + 1;
    if (!same) citations.push({ ...citation, n });
    map.set(citation.n, n);
  }
  const body = answerForBriefing(answer.answer).slice(0, POINT_CHARS);
  const cited = parseCitationMarkers(body).flatMap((n) => (map.has(n) ? [map.get(n) ?? n] : []));
  const pointCitations = cited.length > 0 ? cited : [...new Set(map.values())];
  const nextId = Math.max(0, ...saved.points.map((point) => Number(point.id.slice(1)) || 0)) + 1;
  const point: SavedBriefingPoint = {
    id: `p${nextId}`,
    text: withOwnMarkers(remapCitationMarkers(body, map), pointCitations),
    citations: pointCitations,
    fromAnswerId: answer.answerId,
  };
  return renumbered({ ...contentOf(saved), citations, points: [...saved.points, point] });
}

function contentOf(saved: SavedBriefing): SavedBriefingContent {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...content } = saved;
  return content;
}
