// Scope: what a question or a briefing may draw on — articles that speak of one
// province, one article, or chosen source files. Parsed at the boundary
// (validation.ts), checked against the loaded index here, and turned into the
// set of articles retrieval may return.
import type { Article } from "../ingest/article.js";
import { provincesIn } from "./answer/question.js";
import { UserError } from "./errors.js";

export interface Scope {
  /** Only articles that name this province (short name: 江苏, 贵州…), or whose page does. */
  province?: string;
  /** Only this article. */
  docId?: string;
  /** Only articles of these source files (a citation's `source`, e.g. "seeds/003_518b5102fb447ec0.txt"). */
  sources?: string[];
}

/** The scope without empty parts; undefined when nothing is limited. */
export function normalizeScope(scope: Scope | undefined): Scope | undefined {
  if (!scope) return undefined;
  const sources = scope.sources && scope.sources.length > 0 ? [...new Set(scope.sources)].sort() : undefined;
  const clean: Scope = {
    ...(scope.province ? { province: scope.province } : {}),
    ...(scope.docId ? { docId: scope.docId } : {}),
    ...(sources ? { sources } : {}),
  };
  return Object.keys(clean).length > 0 ? clean : undefined;
}

/** A stable key for caching per scope ("" for no scope). */
export function scopeKey(scope: Scope | undefined): string {
  return scope ? JSON.stringify([scope.province ?? "", scope.docId ?? "", scope.sources ?? []]) : "";
}

/**
 * The text each article is judged by (docId → text): its own, plus the provinces
 * named elsewhere on its page when it names none itself. A provincial paper's
 * article says "我省" or "富民兴陇", not "甘肃". One pass over the articles,
 * remembered per article list (the index's list is replaced, not mutated).
 */
export function articleContexts(articles: Article[]): Map<string, string> {
  const known = contextCache.get(articles);
  if (known) return known;
  const pageProvinces = new Map<string, Set<string>>();
  for (const article of articles) {
    const page = pageProvinces.get(article.source) ?? new Set<string>();
    provincesIn(article.text).forEach((province) => page.add(province));
    pageProvinces.set(article.source, page);
  }
  const contexts = new Map<string, string>();
  for (const article of articles) {
    const own = `${article.title}\n${article.text}`;
    const page = provincesIn(own).size > 0 ? [] : [...(pageProvinces.get(article.source) ?? [])];
    contexts.set(article.docId, page.length > 0 ? `${own}\n${page.join(" ")}` : own);
  }
  contextCache.set(articles, contexts);
  return contexts;
}

const contextCache = new WeakMap<Article[], Map<string, string>>();

/** Whether one article (judged by its context, see articleContexts) is inside the scope. */
export function inScope(article: Article, context: string, scope: Scope | undefined): boolean {
  if (scope?.docId && article.docId !== scope.docId) return false;
  if (scope?.sources && !scope.sources.includes(article.source)) return false;
  if (scope?.province && !provincesIn(context).has(scope.province)) return false;
  return true;
}

/** The docIds of the articles inside `scope`. */
export function articlesInScope(articles: Article[], scope: Scope): Set<string> {
  const contexts = articleContexts(articles);
  return new Set(
    articles
      .filter((article) => inScope(article, contexts.get(article.docId) ?? "", scope))
      .map((article) => article.docId),
  );
}

/** A scope naming an article or a source the index does not hold is a mistake to report, not an empty answer. */
export function checkScopeAgainstIndex(scope: Scope | undefined, articles: Article[]): void {
  if (scope?.docId && !articles.some((article) => article.docId === scope.docId)) {
    throw new UserError("not_found", `scope.docId: no article "${scope.docId}". Use a citation's docId.`);
  }
  const known = new Set(articles.map((article) => article.source));
  const unknown = scope?.sources?.find((source) => !known.has(source));
  if (unknown !== undefined) {
    throw new UserError(
      "bad_request",
      `scope.sources: "${unknown.slice(0, 120)}" is not in the corpus. GET /api/scope-options lists the sources.`,
    );
  }
}
