// GET /api/scope-options: what a question or briefing can be limited to — the
// provinces the corpus speaks of (with how many articles each) and the source
// files (with their first article's title), for the scope picker.
import type { RequestHandler } from "express";
import { PROVINCES, provincesIn } from "../answer/question.js";
import type { ScopeOptionsResponseBody } from "../protocol.js";
import type { SearchIndex } from "../retrieval.js";
import { articleContexts } from "../scope.js";

export function scopeOptions(index: Pick<SearchIndex, "articles">): ScopeOptionsResponseBody {
  const provinceCounts = new Map<string, number>();
  const sources = new Map<string, { source: string; title: string; articles: number }>();
  const contexts = articleContexts(index.articles);
  for (const article of index.articles) {
    for (const province of provincesIn(contexts.get(article.docId) ?? ""))
      provinceCounts.set(province, (provinceCounts.get(province) ?? 0) + 1);
    const known = sources.get(article.source);
    if (known) known.articles += 1;
    else sources.set(article.source, { source: article.source, title: article.title, articles: 1 });
  }
  const provinces = [...provinceCounts]
    .map(([province, articles]) => ({ province, articles }))
    .sort((a, b) => b.articles - a.articles || PROVINCES.indexOf(a.province) - PROVINCES.indexOf(b.province));
  return { provinces, sources: [...sources.values()].sort((a, b) => a.source.localeCompare(b.source)) };
}

export function scopeOptionsGet(index: Pick<SearchIndex, "articles">): RequestHandler {
  return (_request, response) => {
    response.json(scopeOptions(index));
  };
}
