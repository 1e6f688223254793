// POST /api/retrieve {question, scope?}: the retrieval check for evaluators —
// ranked passages with BM25, vector and fused scores, the plan and the chosen
// evidence. Rate-limited unless the request carries ADMIN_TOKEN.
import type { RequestHandler } from "express";
import { z } from "zod";
import { admitEvaluator, type EvaluatorGate } from "../../admin-token.js";
import type { Assistant } from "../../assistant.js";
import { abortOnClientGone } from "../../intake.js";
import type { Logger } from "../../logger.js";
import type { RetrievalCheckResponseBody, RetrieveRequestBody } from "../../protocol.js";
import { checkQuestion, parseWithSchema, question, requireObject, scopeSchema } from "../../validation.js";

const retrieveSchema = z.object({ question, scope: scopeSchema }).strict();

/** The same rules as a question to /api/ask (non-empty, ≤ 1,000 characters), without history. */
export function parseRetrieveRequest(body: unknown): RetrieveRequestBody {
  requireObject(body, '{"question": "…"}');
  return checkQuestion(parseWithSchema(retrieveSchema, body));
}

export function retrievePost(
  assistant: Pick<Assistant, "checkRetrieval">,
  gate: EvaluatorGate,
  logger: Logger,
): RequestHandler {
  return async (request, response, next) => {
    try {
      const { question, scope } = await admitEvaluator(request, response, parseRetrieveRequest, gate);
      const started = performance.now();
      const signal = abortOnClientGone(response);
      const body: RetrievalCheckResponseBody = await assistant.checkRetrieval(question, scope, signal);
      logger.info("retrieval_check", { ms: Math.round(performance.now() - started), queries: body.queries.length });
      response.json(body);
    } catch (error) {
      next(error);
    }
  };
}
