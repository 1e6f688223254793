// GET /api/health: 200 once the index is loaded (the app only exists then).
import type { RequestHandler } from "express";
import type { Assistant } from "../assistant.js";
import type { HealthResponseBody } from "../protocol.js";

export function healthGet(assistant: Assistant): RequestHandler {
  return (_request, response) => {
    const { manifest } = assistant.index;
    const body: HealthResponseBody = {
      status: "ok",
      mode: assistant.answerer.mode,
      index: { articles: manifest.counts.articles, chunks: manifest.counts.chunks, builtAt: manifest.builtAt, embedder: `${manifest.embedder.kind}:${manifest.embedder.model}` },
    };
    response.json(body);
  };
}
