// The evidence the model reads: per sub-query, the best verified candidates
// widened to their whole paragraph, within a character budget shared by the
// sub-queries (a comparison gets passages for each side). The eval measures
// context recall on exactly these passages.
import type { Article } from "../../ingest/article.js";
import type { Checked } from "./compose.js";
import type { Passage } from "./passage.js";

/** About 3,000 characters of evidence: enough for 3–6 points, short enough for small models. */
export const EVIDENCE_BUDGET = 3000;
const MAX_PASSAGE = 600;
const MAX_PASSAGES = 10;

interface Span {
  article: Article;
  start: number;
  end: number;
}

/** The body paragraph around a span, cut to MAX_PASSAGE characters around it. */
function widen(span: Span): Span {
  const paragraph = span.article.paragraphs.find(
    (p) => p.kind === "body" && p.start <= span.start && span.end <= p.end,
  );
  if (!paragraph) return span;
  if (paragraph.end - paragraph.start <= MAX_PASSAGE)
    return { article: span.article, start: paragraph.start, end: paragraph.end };
  const room = Math.max(0, MAX_PASSAGE - (span.end - span.start));
  const start = Math.max(paragraph.start, span.start - Math.floor(room / 2));
  return { article: span.article, start, end: Math.min(paragraph.end, start + MAX_PASSAGE) };
}

/** The article's first body paragraph. */
function opening(article: Article): Span | undefined {
  const paragraph = article.paragraphs.find((p) => p.kind === "body");
  return paragraph ? { article, start: paragraph.start, end: paragraph.end } : undefined;
}

export function evidencePassages(checked: Checked[], budget = EVIDENCE_BUDGET): Passage[] {
  const chosen: Span[] = [];
  const overlaps = (span: Span) =>
    chosen.some((other) => other.article === span.article && other.start < span.end && span.start < other.end);
  const share = Math.floor(budget / Math.max(1, checked.length));
  const perQuery = Math.max(1, Math.floor(MAX_PASSAGES / Math.max(1, checked.length)));
  for (const { evidence, verdict } of checked) {
    const best = verdict.kind === "answer" ? [...verdict.accepted, ...evidence.candidates] : evidence.candidates;
    // An open or comparing question also reads the opening paragraph of its best article: a news
    // article states its thesis there ("工业是…最为关键的产业支撑").
    const factoid = ["count", "date", "person", "place"].includes(evidence.subQuery.intent);
    const first = best[0];
    const lede = !factoid && first ? opening(first.article) : undefined;
    const pool = lede && first ? [first, lede, ...best.slice(1)] : best;
    let used = 0;
    let taken = 0;
    for (const candidate of pool) {
      if (("kind" in candidate && candidate.kind === "byline") || taken >= perQuery) continue;
      const span = widen(candidate);
      if (overlaps(span)) continue;
      const length = span.end - span.start;
      if (used > 0 && used + length > share) continue;
      chosen.push(span);
      taken++;
      used += length;
      if (used >= share) break;
    }
  }
  return chosen.map((span, i) => ({ n: i + 1, ...span, text: span.article.text.slice(span.start, span.end) }));
}
