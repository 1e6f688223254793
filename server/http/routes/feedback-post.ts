// POST /api/feedback {answerId, rating, reason?, comment?}: 👍 or 👎 on an answer
// this server gave. A second feedback on the same answer replaces the first.
import type { RequestHandler } from "express";
import { z } from "zod";
import { UserError } from "../../errors.js";
import { admitHttp, type Intake } from "../../intake.js";
import { LIMITS, type FeedbackRequestBody, type FeedbackResponseBody } from "../../protocol.js";
import { FEEDBACK_REASONS, type FeedbackStore } from "../../store/types.js";
import { parseWithSchema, requireObject } from "../../validation.js";

export const COMMENT_CHARS = LIMITS.commentChars;

export const answerIdSchema = z
  .string({ required_error: "answerId is required", invalid_type_error: "answerId must be a string" })
  .uuid("answerId must be the answerId an answer came with (a UUID)");

const feedbackRequestSchema = z
  .object({
    answerId: answerIdSchema,
    rating: z.enum(["up", "down"], { errorMap: () => ({ message: 'rating must be "up" (👍) or "down" (👎)' }) }),
    reason: z
      .enum(FEEDBACK_REASONS, { errorMap: () => ({ message: `reason must be one of ${FEEDBACK_REASONS.join(", ")}` }) })
      .optional(),
    comment: z
      .string({ invalid_type_error: "comment must be a string" })
      .trim()
      .max(COMMENT_CHARS, `comment holds at most ${COMMENT_CHARS} characters`)
      .transform((text) => (text === "" ? undefined : text))
      .optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.rating === "up" && body.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: 'reason goes with a 👎: send it with rating "down"' });
    }
    if (body.reason === "其他" && !body.comment) {
      ctx.addIssue({
        code: "custom",
        path: ["comment"],
        message: "reason 其他 needs a comment saying what was wrong. 请说明问题。",
      });
    }
  });

/** Returns the protocol's type: the schema and the shared contract cannot drift apart unnoticed. */
export function parseFeedbackRequest(body: unknown): FeedbackRequestBody {
  requireObject(body, '{"answerId": "…", "rating": "down", "reason": "数字错误"}');
  return parseWithSchema(feedbackRequestSchema, body);
}

export function feedbackPost(feedback: FeedbackStore, intake: Intake): RequestHandler {
  return async (request, response, next) => {
    try {
      const body = await admitHttp(request, response, parseFeedbackRequest, intake);
      const saved = await feedback.put(body);
      if (!saved) {
        throw new UserError(
          "not_found",
          `No answer "${body.answerId}" on this server: feedback goes on the answerId an answer came with.`,
        );
      }
      const reply: FeedbackResponseBody = { feedback: saved };
      response.json(reply);
    } catch (error) {
      next(error);
    }
  };
}
