// What an answer or a briefing quotes, and the one function that turns a quote
// into a Citation. A quoted span's text is exactly article.text.slice(start, end)
// (or the by-line field's), so a citation of it points at the quoted span.
import type { Article } from "../../ingest/article.js";
import type { Citation } from "./types.js";

export interface QuotedSpan {
  article: Article;
  start: number;
  end: number;
  /** The quoted text. */
  text: string;
  /** Set when the quote is the article's by-line or author note (offsets are then into that field). */
  field?: "author" | "authorNote";
}

/** A numbered passage handed to the model: citation n ↔ passages[n - 1]. */
export interface Passage extends QuotedSpan {
  n: number;
}

/** The citation numbered `n` of a quoted span: every answer and briefing path builds its citations here. */
export function toCitation(span: QuotedSpan, n: number): Citation {
  const { article } = span;
  return {
    n,
    docId: article.docId,
    source: article.source,
    sourceId: article.sourceId,
    sourceName: article.sourceName,
    title: article.title,
    ...(article.author ? { author: article.author } : {}),
    quote: span.text,
    start: span.start,
    end: span.end,
    ...(span.field ? { field: span.field } : {}),
  };
}

/** Spans numbered from 1 in order, as the model reads them. */
export function numberedPassages(spans: QuotedSpan[]): Passage[] {
  return spans.map(({ article, start, end, text }, i) => ({ n: i + 1, article, start, end, text }));
}
