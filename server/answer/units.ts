// The citable units of an article: whole sentences, never fragments. A
// quotation and its attribution (“……。”某某说。) are one unit, so is a
// quotation running over several sentences, and a short run-in sentence
// ("抢占未来产业新赛道。") is read with the next one. A sentence cut by the end
// of a page is marked incomplete. Paragraph windows group the units of one
// body paragraph, so the paragraph that answers can win as a whole.
import type { Article } from "../../ingest/article.js";
import { sentenceSpans, type Span } from "../../ingest/text.js";

export interface TextUnit extends Span {
  text: string;
  /** Index of the body paragraph it lies in; -1 for headings. */
  paragraph: number;
  /** Cut by the end of the page without its final punctuation. */
  incomplete: boolean;
}

export interface ArticleUnits {
  sentences: TextUnit[];
  /** One window per body paragraph (long paragraphs: runs of three sentences). */
  windows: TextUnit[];
}

const FINISHED = /[。！？!?；;…][”’」』）)"']*$/;
const ATTRIBUTION = /^[^“”"。！？]{1,30}?(?:说|介绍|表示|指出|谈道|坦言|感慨|告诉记者|笑着说|深有感触地说)[。！!]?$/;
const RUN_IN = 25;
const MAX_WINDOW = 360;
const WINDOW_SENTENCES = 3;

const cache = new WeakMap<Article, ArticleUnits>();

function openQuotes(text: string): number {
  return (text.match(/[“「]/g) ?? []).length - (text.match(/[”」]/g) ?? []).length;
}

function paragraphOf(article: Article, span: Span): number {
  return article.paragraphs.findIndex(
    (paragraph) => paragraph.kind === "body" && span.start >= paragraph.start && span.end <= paragraph.end,
  );
}

/** Sentence spans with quotations, attributions and run-ins joined (never across paragraphs). */
function joinedSpans(article: Article): Array<Span & { paragraph: number }> {
  const spans = sentenceSpans(article.text).map((span) => ({ ...span, paragraph: paragraphOf(article, span) }));
  const out: Array<Span & { paragraph: number }> = [];
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    if (!span) break;
    const current = { ...span };
    const sameParagraph = (next: (Span & { paragraph: number }) | undefined): next is Span & { paragraph: number } =>
      next !== undefined && next.paragraph === current.paragraph && current.paragraph >= 0;
    // A quotation that runs on: join until its closing mark (at most four sentences).
    for (let joined = 0; joined < 4 && openQuotes(article.text.slice(current.start, current.end)) > 0; joined++) {
      const following = spans[i + 1];
      if (!sameParagraph(following)) break;
      current.end = following.end;
      i++;
    }
    const next = spans[i + 1];
    const nextText = next ? article.text.slice(next.start, next.end) : "";
    const currentText = article.text.slice(current.start, current.end);
    const endsQuote = /[”」]\s*$/.test(currentText) || /[。！？][”」]$/.test(currentText);
    if (
      sameParagraph(next) &&
      ((ATTRIBUTION.test(nextText) && endsQuote) ||
        (current.end - current.start < RUN_IN && !/[：:]$/.test(currentText)))
    ) {
      current.end = next.end;
      i++;
    }
    out.push(current);
  }
  return out;
}

/** A sentence is incomplete when the page ends in the middle of it: the article's last words lack their full stop. */
function unit(article: Article, span: Span & { paragraph: number }): TextUnit {
  const text = article.text.slice(span.start, span.end);
  return { ...span, text, incomplete: !FINISHED.test(text) && article.text.slice(span.end).trim() === "" };
}

function windowsOf(article: Article, sentences: TextUnit[]): TextUnit[] {
  const windows: TextUnit[] = [];
  const byParagraph = new Map<number, TextUnit[]>();
  for (const sentence of sentences) {
    if (sentence.paragraph < 0) continue;
    byParagraph.set(sentence.paragraph, [...(byParagraph.get(sentence.paragraph) ?? []), sentence]);
  }
  for (const [paragraph, members] of byParagraph) {
    const head = members[0];
    const tail = members.at(-1);
    if (members.length < 2 || !head || !tail) continue;
    const fits = tail.end - head.start <= MAX_WINDOW;
    const starts = fits ? [0] : members.map((_, i) => i).filter((i) => i + WINDOW_SENTENCES <= members.length);
    for (const first of starts) {
      const last = starts.length === 1 && first === 0 && fits ? members.length - 1 : first + WINDOW_SENTENCES - 1;
      const from = members[first];
      const to = members[last];
      if (from && to) windows.push(unit(article, { start: from.start, end: to.end, paragraph }));
    }
  }
  return windows;
}

/** The units of an article, computed once per article object. */
export function articleUnits(article: Article): ArticleUnits {
  const known = cache.get(article);
  if (known) return known;
  const sentences = joinedSpans(article)
    .map((span) => unit(article, span))
    .filter((sentence) => sentence.text.length >= 6);
  const units = { sentences, windows: windowsOf(article, sentences) };
  cache.set(article, units);
  return units;
}

/** The sentences of an article inside a span (a window's members). */
export function sentencesWithin(article: Article, span: Span): TextUnit[] {
  return articleUnits(article).sentences.filter((sentence) => sentence.start >= span.start && sentence.end <= span.end);
}
