// Scope: what a question or a briefing may draw on — articles that speak of one
// province, one article, or chosen source files. Parsed at the boundary (HTTP
// body, socket payload), checked against the loaded index, and turned into the
// set of articles retrieval may return.
import { z } from "zod";
import type { Article } from "../ingest/article.js";
import { PROVINCES, provincesIn } from "./answer/question.js";
import { UserError } from "./errors.js";
import { DOC_ID } from "./validation.js";

export interface Scope {
  /** Only articles that name this province (short name: 江苏, 贵州…), or whose page does. */
  province?: string;
  /** Only this article. */
  docId?: string;
  /** Only articles of these source files (a citation's `source`, e.g. "seeds/003_518b5102fb447ec0.txt"). */
  sources?: string[];
}

const MAX_SOURCES = 20;

export const scopeSchema = z
  .object({
    province: z
      .string()
      .refine((name) => PROVINCES.includes(name.replace(/省$/, "")), "province must be a province's short name, e.g. 江苏 or 贵州")
      .transform((name) => name.replace(/省$/, ""))
      .optional(),
    docId: z.string().regex(DOC_ID, "docId must be an article id like 003_518b5102fb447ec0-a01").optional(),
    sources: z
      .array(z.string().min(1).max(300), { invalid_type_error: "sources must be a list of source names" })
      .max(MAX_SOURCES, `sources holds at most ${MAX_SOURCES} source names`)
      .optional(),
  })
  .strict()
  .optional()
  .transform((scope) => normalizeScope(scope));

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
 * The text an article is judged by: its own, plus the provinces named elsewhere
 * on its page when it names none itself. A provincial paper's article says
 * "我省" or "富民兴陇", not "甘肃".
 */
export function articleContext(article: Article, articles: Article[]): string {
  const own = `${article.title}\n${article.text}`;
  if (provincesIn(own).size > 0) return own;
  const page = new Set(articles.filter((other) => other.source === article.source).flatMap((other) => [...provincesIn(other.text)]));
  return `${own}\n${[...page].join(" ")}`;
}

/** Whether one article (judged by its context, see articleContext) is inside the scope. */
export function inScope(article: Article, context: string, scope: Scope | undefined): boolean {
  if (scope?.docId && article.docId !== scope.docId) return false;
  if (scope?.sources && !scope.sources.includes(article.source)) return false;
  if (scope?.province && !provincesIn(context).has(scope.province)) return false;
  return true;
}

/** The docIds of the articles inside `scope`. */
export function articlesInScope(articles: Article[], scope: Scope): Set<string> {
  return new Set(articles.filter((article) => inScope(article, articleContext(article, articles), scope)).map((article) => article.docId));
}

/** A scope naming an article or a source the index does not hold is a mistake to report, not an empty answer. */
export function checkScopeAgainstIndex(scope: Scope | undefined, articles: Article[]): void {
  if (scope?.docId && !articles.some((article) => article.docId === scope.docId)) {
    throw new UserError("not_found", `scope.docId: no article "${scope.docId}". Use a citation's docId.`);
  }
  const known = new Set(articles.map((article) => article.source));
  const unknown = scope?.sources?.find((source) => !known.has(source));
  if (unknown !== undefined) {
    throw new UserError("bad_request", `scope.sources: "${unknown.slice(0, 120)}" is not in the corpus. GET /api/scope-options lists the sources.`);
  }
}
