// POST /api/briefings: a topic (and optional scope) in, the whole briefing as
// JSON out (the same object as the socket's briefing:done, without the id).
import type { RequestHandler } from "express";
import type { Briefer } from "../briefing/briefer.js";
import { parseBriefingRequest } from "../briefing/request.js";
import { UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { BriefingResponseBody } from "../protocol.js";
import { retryMessage, type RateLimiter } from "../rate-limit.js";

export function briefingsPost(briefer: Briefer, limiter: RateLimiter, logger: Logger, isShuttingDown: () => boolean): RequestHandler {
  return async (request, response, next) => {
    try {
      if (isShuttingDown()) throw new UserError("shutting_down", "服务器正在重启，请稍后再试。The server is shutting down; try again shortly.");
      const body = parseBriefingRequest(request.body);
      const wait = limiter.take(request.ip ?? "unknown");
      if (wait > 0) {
        response.setHeader("Retry-After", String(Math.ceil(wait / 1000)));
        throw new UserError("rate_limited", retryMessage(wait), wait);
      }
      const controller = new AbortController();
      response.on("close", () => response.writableFinished || controller.abort());
      const started = performance.now();
      const result: BriefingResponseBody = await briefer.build(body, {}, controller.signal);
      logger.info("briefing", { transport: "http", ms: Math.round(performance.now() - started), refused: result.refused === true, ...(result.refused ? {} : { mode: result.mode, points: result.points.length }) });
      response.json(result);
    } catch (error) {
      next(error);
    }
  };
}
