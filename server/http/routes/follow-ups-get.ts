// GET /api/answers/:answerId/follow-ups: suggested follow-up questions for an
// answer this server gave. Asked for by the page once the answer is shown, so
// an answer's own latency (and the server's throughput) never pays for them.
import type { RequestHandler } from "express";
import type { AskService } from "../../ask-service.js";
import { UserError } from "../../errors.js";
import { abortOnClientGone, admitHttp, type Intake } from "../../intake.js";
import { parseWithSchema } from "../../validation.js";
import { answerIdSchema } from "./feedback-post.js";

export function followUpsGet(asker: AskService, intake: Intake): RequestHandler {
  return async (request, response, next) => {
    try {
      const answerId = await admitHttp(
        request,
        response,
        () => parseWithSchema(answerIdSchema, request.params.answerId),
        intake,
      );
      const found = await asker.followUps(answerId, abortOnClientGone(response));
      if (!found) throw new UserError("not_found", `No answer "${answerId}" on this server.`);
      response.json(found);
    } catch (error) {
      next(error);
    }
  };
}
