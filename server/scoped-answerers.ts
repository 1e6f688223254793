// Answerers limited to a scope (a province, an article, chosen sources), one
// set per corpus snapshot: a scope is checked against the snapshot and turned
// into its set of articles once, then its answerer is kept (the 32 most
// recently used scopes), so a scoped question costs what an unscoped one does.
// Used on the main thread and, for pooled answers, on each worker.
import type { Answerer } from "./answer/answerer.js";
import type { Retriever } from "./retrieval/retriever.js";
import { articlesInScope, checkScopeAgainstIndex, scopeKey, type Scope } from "./retrieval/scope.js";
import { ScopedRetriever } from "./retrieval/scoped-retriever.js";

const MAX_CACHED_SCOPES = 32;

/** Builds an answerer over `retriever`, which is limited to `scope`; `offline` leaves the model out. */
export type AnswererBuilder = (retriever: Retriever, scope: Scope | undefined, offline: boolean) => Answerer;

export class ScopedAnswerers {
  private readonly cache = new Map<string, Answerer>();

  constructor(
    /** The snapshot's unscoped retriever. */
    private readonly retriever: Retriever,
    private readonly build: AnswererBuilder,
  ) {}

  /** The answerer for `scope`; throws a UserError for a scope naming an article or source the snapshot lacks. */
  get(scope: Scope | undefined, offline = false): Answerer {
    const key = `${offline ? "offline" : "default"}:${scopeKey(scope)}`;
    const found = this.cache.get(key) ?? this.make(scope, offline);
    // Most recently used last; the oldest goes when the cache is full.
    this.cache.delete(key);
    this.cache.set(key, found);
    if (this.cache.size > MAX_CACHED_SCOPES) this.cache.delete(this.cache.keys().next().value ?? key);
    return found;
  }

  private make(scope: Scope | undefined, offline: boolean): Answerer {
    if (!scope) return this.build(this.retriever, undefined, offline);
    const { index } = this.retriever;
    checkScopeAgainstIndex(scope, index.articles);
    return this.build(new ScopedRetriever(index, articlesInScope(index.articles, scope)), scope, offline);
  }
}
