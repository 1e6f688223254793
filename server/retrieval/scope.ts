// Scope: what a question or a briefing may draw on — articles that speak of one
// province, one article, or chosen source files. Parsed at the boundary
// (validation.ts), checked against the loaded index here, and turned into the
// set of articles retrieval may return.
import type { Article } from "../../ingest/article.js";
import { ArticlePlaces } from "../answer/places.js";
import { UserError } from "../errors.js";
import type { Scope } from "./scope-type.js";

export type { Scope } from "./scope-type.js";

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
 * One ArticlePlaces per article list (a snapshot's list is replaced, never mutated): built once, O(1)
 * lookups. A list that extends the one read last (an upload's) reads only its new articles.
 */
export function placesOf(articles: Article[]): ArticlePlaces {
  let places = placesCache.get(articles);
  if (!places) {
    places =
      latest && extendsList(articles, latest.articles)
        ? latest.places.extendedWith(articles.slice(latest.articles.length), articles)
        : ArticlePlaces.of(articles);
    placesCache.set(articles, places);
    latest = { articles, places };
  }
  return places;
}

const placesCache = new WeakMap<Article[], ArticlePlaces>();
let latest: { articles: Article[]; places: ArticlePlaces } | undefined;

/** Whether `list` starts with every article of `prefix`, the same objects in the same order. */
function extendsList(list: Article[], prefix: Article[]): boolean {
  if (list.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (list[i] !== prefix[i]) return false;
  return true;
}

/**
 * Whether one article is inside the scope. An article that names no province is
 * judged by its page's: a provincial paper's article says "我省" or "富民兴陇", not "甘肃".
 */
export function inScope(article: Article, places: ArticlePlaces, scope: Scope | undefined): boolean {
  if (scope?.docId && article.docId !== scope.docId) return false;
  if (scope?.sources && !scope.sources.includes(article.source)) return false;
  if (scope?.province && !places.provincesOf(article).has(scope.province)) return false;
  return true;
}

/** The docIds of the articles inside `scope`. */
export function articlesInScope(articles: Article[], scope: Scope): Set<string> {
  const places = placesOf(articles);
  return new Set(articles.filter((article) => inScope(article, places, scope)).map((article) => article.docId));
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
