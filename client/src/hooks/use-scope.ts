// The scope new questions and briefings are limited to (a province, an article,
// chosen source files), shown as chips above the composer. Kept in this
// browser, so a reload keeps it; the picker's options come from the server.
import { useCallback, useEffect, useState } from "react";
import type { Scope, ScopeOptionsResponseBody } from "../../../server/protocol.js";
import { fetchScopeOptions } from "../net/tools-api.js";

const SCOPE_KEY = "news-chat:scope:v1";

export interface ScopeState {
  scope: Scope;
  /** Titles for the chips of an article scope (the docId alone says little). */
  docTitle?: string;
}

export interface ScopeController extends ScopeState {
  options: ScopeOptionsResponseBody | undefined;
  /** The scope to send, or undefined when nothing is limited. */
  active: Scope | undefined;
  setProvince: (province: string | undefined) => void;
  toggleSource: (source: string) => void;
  setArticle: (docId: string | undefined, title?: string) => void;
  clear: () => void;
}

function load(): ScopeState {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(SCOPE_KEY) ?? "null");
    if (typeof value !== "object" || value === null || !("scope" in value)) return { scope: {} };
    const { scope, docTitle } = value as { scope: Record<string, unknown>; docTitle?: unknown };
    return {
      scope: {
        ...(typeof scope.province === "string" ? { province: scope.province } : {}),
        ...(typeof scope.docId === "string" ? { docId: scope.docId } : {}),
        ...(Array.isArray(scope.sources)
          ? { sources: scope.sources.filter((s): s is string => typeof s === "string") }
          : {}),
      },
      ...(typeof docTitle === "string" ? { docTitle } : {}),
    };
  } catch {
    return { scope: {} };
  }
}

function withKnownSources(state: ScopeState, known: Set<string>): ScopeState {
  const sources = state.scope.sources;
  if (!sources || sources.every((source) => known.has(source))) return state;
  const { sources: _old, ...rest } = state.scope;
  const kept = sources.filter((source) => known.has(source));
  return { ...state, scope: kept.length > 0 ? { ...rest, sources: kept } : rest };
}

export function isEmptyScope(scope: Scope): boolean {
  return !scope.province && !scope.docId && !(scope.sources && scope.sources.length > 0);
}

/**
 * `corpusSize` (the article count) changes when sources are added or removed: the options are
 * read again, and chosen sources the corpus no longer holds are dropped from the scope.
 */
export function useScope(token: string | undefined, connected: boolean, corpusSize?: number): ScopeController {
  const [state, setState] = useState<ScopeState>(load);
  const [options, setOptions] = useState<ScopeOptionsResponseBody>();

  useEffect(() => {
    try {
      localStorage.setItem(SCOPE_KEY, JSON.stringify(state));
    } catch {
      // No storage: the scope lasts for this page.
    }
  }, [state]);

  useEffect(() => {
    if (!connected) return;
    const controller = new AbortController();
    fetchScopeOptions(token, controller.signal).then(
      (loaded) => {
        setOptions(loaded);
        const known = new Set(loaded.sources.map((option) => option.source));
        setState((current) => withKnownSources(current, known));
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [token, connected, corpusSize]);

  const update = useCallback((change: (scope: Scope) => Scope, docTitle?: string) => {
    setState((current) => {
      const scope = change(current.scope);
      return { scope, ...(scope.docId ? { docTitle: docTitle ?? current.docTitle } : {}) };
    });
  }, []);

  return {
    ...state,
    options,
    active: isEmptyScope(state.scope) ? undefined : state.scope,
    setProvince: useCallback(
      (province) => update(({ province: _old, ...rest }) => (province ? { ...rest, province } : rest)),
      [update],
    ),
    toggleSource: useCallback(
      (source) =>
        update((scope) => {
          const sources = scope.sources ?? [];
          const next = sources.includes(source) ? sources.filter((s) => s !== source) : [...sources, source];
          const { sources: _old, ...rest } = scope;
          return next.length > 0 ? { ...rest, sources: next } : rest;
        }),
      [update],
    ),
    setArticle: useCallback(
      (docId, title) => update(({ docId: _old, ...rest }) => (docId ? { ...rest, docId } : rest), title),
      [update],
    ),
    clear: useCallback(() => setState({ scope: {} }), []),
  };
}
