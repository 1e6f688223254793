// GET /api/health: 200 once the index is loaded (the app only exists then),
// naming the store and the adapter with their state; 503 `unavailable` while
// Redis or the database is unreachable, so a load balancer routes around this
// process until they are back.
import type { RequestHandler } from "express";
import type { CorpusStore } from "../../../ingest/corpus-store.js";
import { PostgresCorpusStore } from "../../../ingest/postgres/store.js";
import type { SearchIndex } from "../../../ingest/search-index.js";
import type { Assistant } from "../../assistant.js";
import type { HealthResponseBody } from "../../protocol.js";
import { UNAVAILABLE_MESSAGE } from "../../errors.js";
import type { SharedState } from "../../shared-state.js";

/** The corpus store and its state: the local index folder is there once loaded; the database can go away. */
function storeHealth(library: CorpusStore<SearchIndex> | undefined): HealthResponseBody["store"] {
  if (library instanceof PostgresCorpusStore) return { kind: "postgres", state: library.state };
  return { kind: "local", state: "ready" };
}

export function healthGet(
  assistant: Assistant,
  shared: SharedState,
  library?: CorpusStore<SearchIndex>,
): RequestHandler {
  return (_request, response) => {
    const { manifest } = assistant.index;
    const adapter = shared.health();
    const store = storeHealth(library);
    const ok = adapter.state === "ready" && store.state === "ready";
    const body: HealthResponseBody = {
      status: ok ? "ok" : "unavailable",
      mode: assistant.answerer.mode,
      index: {
        articles: manifest.counts.articles,
        chunks: manifest.counts.chunks,
        builtAt: manifest.builtAt,
        embedder: `${manifest.embedder.kind}:${manifest.embedder.model}`,
        retrieval: manifest.vectors === false ? "lexical" : "hybrid",
      },
      store,
      adapter,
      pid: process.pid,
      ...(ok ? {} : { error: { code: "unavailable", message: UNAVAILABLE_MESSAGE } }),
    };
    response.status(ok ? 200 : 503).json(body);
  };
}
