// GET /api/feedback?answerId=…&answerId=…: the feedback stored on these answers
// (for the page to show what was said before a reload or a server restart).
import type { RequestHandler } from "express";
import { z } from "zod";
import type { FeedbackListResponseBody } from "../../protocol.js";
import type { FeedbackStore } from "../../store/types.js";
import { parseWithSchema } from "../../validation.js";
import { answerIdSchema } from "./feedback-post.js";

const MAX_IDS = 100;

const querySchema = z.object({
  answerId: z
    .union([answerIdSchema, z.array(answerIdSchema)], {
      errorMap: () => ({ message: "answerId must be one or more answer ids" }),
    })
    .transform((ids) => (Array.isArray(ids) ? ids : [ids]))
    .refine((ids) => ids.length <= MAX_IDS, `at most ${MAX_IDS} answerId values per request`),
});

export function feedbackGet(feedback: FeedbackStore): RequestHandler {
  return async (request, response, next) => {
    try {
      const { answerId } = parseWithSchema(querySchema, request.query);
      const body: FeedbackListResponseBody = { feedback: await feedback.forAnswers([...new Set(answerId)]) };
      response.json(body);
    } catch (error) {
      next(error);
    }
  };
}
