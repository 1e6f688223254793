// GET /api/scope-options: what a question or briefing can be limited to — the
// provinces the corpus speaks of (with how many articles each) and the sources
// (with their readable name and first article's title), for the scope picker.
// Counted once per corpus snapshot, so an upload shows up at once.
import type { RequestHandler } from "express";
import type { Article } from "../../../ingest/article.js";
import { PROVINCES } from "../../answer/entities.js";
import type { Assistant } from "../../assistant.js";
import type { ScopeOptionsResponseBody } from "../../protocol.js";
import { placesOf } from "../../retrieval/scope.js";

type ScopeSource = ScopeOptionsResponseBody["sources"][number];

export function scopeOptions(articles: Article[]): ScopeOptionsResponseBody {
  const known = counted.get(articles);
  if (known) return known;
  const provinceCounts = new Map<string, number>();
  const sources = new Map<string, ScopeSource>();
  const places = placesOf(articles);
  for (const article of articles) {
    for (const province of places.provincesOf(article))
      provinceCounts.set(province, (provinceCounts.get(province) ?? 0) + 1);
    const source = sources.get(article.source);
    if (source) source.articles += 1;
    else sources.set(article.source, sourceOf(article));
  }
  const provinces = [...provinceCounts]
    .map(([province, count]) => ({ province, articles: count }))
    .sort((a, b) => b.articles - a.articles || PROVINCES.indexOf(a.province) - PROVINCES.indexOf(b.province));
  const options = { provinces, sources: [...sources.values()].sort((a, b) => a.source.localeCompare(b.source)) };
  counted.set(articles, options);
  return options;
}

/** One answer per article list (a snapshot's list is replaced, never mutated). */
const counted = new WeakMap<Article[], ScopeOptionsResponseBody>();

function sourceOf(article: Article): ScopeSource {
  const { source, sourceId, sourceName, title } = article;
  return { source, sourceId, sourceName, title, articles: 1 };
}

export function scopeOptionsGet(assistant: Pick<Assistant, "index">): RequestHandler {
  return (_request, response) => {
    response.json(scopeOptions(assistant.index.articles));
  };
}
