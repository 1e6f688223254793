// GET /api/feedback/drafts.jsonl: every 👎 answer as a draft eval line (the
// same file `npm run eval -- --from-feedback FILE` writes), as a download.
import type { RequestHandler } from "express";
import { draftEvalLines } from "../../evaluation/feedback-drafts.js";
import type { FeedbackStore } from "../../store/types.js";

export function feedbackDraftsGet(feedback: FeedbackStore): RequestHandler {
  return async (_request, response, next) => {
    try {
      const lines = draftEvalLines(await feedback.downvoted());
      response.setHeader("Content-Type", "application/x-ndjson; charset=utf-8");
      response.setHeader("Content-Disposition", 'attachment; filename="feedback-drafts.jsonl"');
      response.send(lines);
    } catch (error) {
      next(error);
    }
  };
}
