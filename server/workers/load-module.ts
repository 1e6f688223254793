// Loaded once per worker thread by bootstrap.mjs: every task module is then
// imported from here, so all of them share one module graph (one index cache,
// one copy of the corpus per worker) whichever task loads them first.
export function loadModule(url: string): Promise<Record<string, unknown>> {
  return import(url) as Promise<Record<string, unknown>>;
}
