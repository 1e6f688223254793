// POST /api/briefings: a topic (and optional scope) in, the whole briefing as
// JSON out (the same object as the socket's briefing:done, without the id).
import type { RequestHandler } from "express";
import type { Briefer } from "../../briefing/briefer.js";
import { parseBriefingRequest } from "../../briefing/request.js";
import { abortOnClientGone, admitHttp, type Intake } from "../../intake.js";
import type { Logger } from "../../logger.js";
import type { BriefingResponseBody } from "../../protocol.js";

export function briefingsPost(briefer: Pick<Briefer, "build">, intake: Intake, logger: Logger): RequestHandler {
  return async (request, response, next) => {
    try {
      const body = await admitHttp(request, response, parseBriefingRequest, intake);
      const started = performance.now();
      const result: BriefingResponseBody = await briefer.build(body, {}, abortOnClientGone(response));
      logger.info("briefing", {
        transport: "http",
        ms: Math.round(performance.now() - started),
        refused: result.refused === true,
        ...(result.refused
          ? {}
          : { mode: result.mode, points: result.points.length, fallbackReason: result.fallbackReason }),
      });
      response.json(result);
    } catch (error) {
      next(error);
    }
  };
}
