// POST /api/ask: one question, the whole answer as JSON (same object as the
// socket's answer:done, without the id).
import type { RequestHandler } from "express";
import type { AskService } from "../ask-service.js";
import { abortOnClientGone, admitHttp } from "../intake.js";
import { answerLogFields, type Logger } from "../logger.js";
import type { AskResponseBody } from "../protocol.js";
import type { RateLimiter } from "../rate-limit.js";
import { parseAskRequest } from "../validation.js";

export function askPost(asker: AskService, limiter: RateLimiter, logger: Logger, isShuttingDown: () => boolean): RequestHandler {
  return async (request, response, next) => {
    try {
      const body = admitHttp(request, response, parseAskRequest, limiter, isShuttingDown);
      const started = performance.now();
      // Stop the work if the client goes away before the answer is ready.
      const { question, history, scope } = body;
      const result: AskResponseBody = await asker.ask({ question, history, scope, signal: abortOnClientGone(response) });
      logger.info("question", { transport: "http", ms: Math.round(performance.now() - started), ...answerLogFields(result) });
      response.json(result);
    } catch (error) {
      next(error);
    }
  };
}
