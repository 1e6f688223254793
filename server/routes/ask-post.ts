// POST /api/ask: one question, the whole answer as JSON (same object as the
// socket's answer:done, without the id).
import type { RequestHandler } from "express";
import type { Assistant } from "../assistant.js";
import { UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { AskResponseBody } from "../protocol.js";
import { retryMessage, type RateLimiter } from "../rate-limit.js";
import { parseAskRequest } from "../validation.js";

export function askPost(assistant: Assistant, limiter: RateLimiter, logger: Logger, isShuttingDown: () => boolean): RequestHandler {
  return async (request, response, next) => {
    try {
      if (isShuttingDown()) throw new UserError("shutting_down", "服务器正在重启，请稍后再试。The server is shutting down; try again shortly.");
      const body = parseAskRequest(request.body);
      const wait = limiter.take(request.ip ?? "unknown");
      if (wait > 0) {
        response.setHeader("Retry-After", String(Math.ceil(wait / 1000)));
        throw new UserError("rate_limited", retryMessage(wait), wait);
      }
      // Stop the work if the client goes away before the answer is ready.
      const controller = new AbortController();
      response.on("close", () => response.writableFinished || controller.abort());
      const started = performance.now();
      const result: AskResponseBody = await assistant.answerer.answer({ question: body.question, history: body.history, signal: controller.signal });
      logger.info("question", { transport: "http", mode: result.mode, ms: Math.round(performance.now() - started), refused: result.refused, coverage: result.coverage, citations: result.citations.length });
      response.json(result);
    } catch (error) {
      next(error);
    }
  };
}
