// POST /api/ask: one question, the whole answer as JSON (same object as the
// socket's answer:done, without the id). With a conversationId, follow-ups use
// the conversation's recorded turns, as over Socket.IO.
import type { RequestHandler } from "express";
import type { AskService } from "../../ask-service.js";
import { historyFor, rememberTurn, type ConversationStore } from "../../conversations.js";
import { abortOnClientGone, admitHttp, type Intake } from "../../intake.js";
import { answerLogFields, type Logger } from "../../logger.js";
import type { AskResponseBody } from "../../protocol.js";
import { parseAskRequest } from "../../validation.js";

export function askPost(
  asker: AskService,
  intake: Intake,
  conversations: ConversationStore,
  logger: Logger,
): RequestHandler {
  return async (request, response, next) => {
    try {
      const body = await admitHttp(request, response, parseAskRequest, intake);
      const started = performance.now();
      const history = await historyFor(conversations, body);
      // Stop the work if the client goes away before the answer is ready.
      const result: AskResponseBody = await asker.ask({
        question: body.question,
        history,
        scope: body.scope,
        signal: abortOnClientGone(response),
      });
      await rememberTurn(conversations, body, result, logger);
      logger.info("question", {
        transport: "http",
        ms: Math.round(performance.now() - started),
        ...answerLogFields(result),
      });
      response.json(result);
    } catch (error) {
      next(error);
    }
  };
}
