// GET /api/health: 200 once the index is loaded (the app only exists then),
// naming the store and the adapter with their state; 503 `unavailable` while
// the shared state (Redis) is unreachable, so a load balancer routes around
// this process until it is back.
import type { RequestHandler } from "express";
import type { Assistant } from "../assistant.js";
import type { HealthResponseBody } from "../protocol.js";
import { UNAVAILABLE_MESSAGE, type SharedState } from "../shared-state.js";

export function healthGet(assistant: Assistant, shared: SharedState): RequestHandler {
  return (_request, response) => {
    const { manifest } = assistant.index;
    const adapter = shared.health();
    const ok = adapter.state === "ready";
    const body: HealthResponseBody = {
      status: ok ? "ok" : "unavailable",
      mode: assistant.answerer.mode,
      index: { articles: manifest.counts.articles, chunks: manifest.counts.chunks, builtAt: manifest.builtAt, embedder: `${manifest.embedder.kind}:${manifest.embedder.model}` },
      store: { kind: "local", state: "ready" },
      adapter,
      pid: process.pid,
      ...(ok ? {} : { error: { code: "unavailable", message: UNAVAILABLE_MESSAGE } }),
    };
    response.status(ok ? 200 : 503).json(body);
  };
}
