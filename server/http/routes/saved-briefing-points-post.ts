// POST /api/saved-briefings/:id/points {answerId}: add a chat answer to a saved
// briefing as one point, with its citations (the server's own record of the
// answer, so what is added is what was answered).
import type { RequestHandler } from "express";
import { UserError } from "../../errors.js";
import type { SavedBriefingResponseBody } from "../../protocol.js";
import { withAnswer } from "../../saved-briefings/edit.js";
import { parseAddAnswer } from "../../saved-briefings/schema.js";
import type { AnswerLog, BriefingStore } from "../../store/types.js";
import { findSavedBriefing } from "./saved-briefings-get.js";

export function savedBriefingPointsPost(briefings: BriefingStore, answers: AnswerLog): RequestHandler {
  return async (request, response, next) => {
    try {
      const saved = await findSavedBriefing(briefings, request.params.id);
      const { answerId } = parseAddAnswer(request.body);
      const answer = await answers.get(answerId);
      if (!answer)
        throw new UserError(
          "not_found",
          `No answer "${answerId}" on this server (answers are kept for a while, then pruned).`,
        );
      const replaced = await briefings.replace(saved.id, withAnswer(saved, answer));
      if (!replaced) throw new UserError("not_found", "The briefing was deleted while the answer was being added.");
      const body: SavedBriefingResponseBody = { briefing: replaced };
      response.json(body);
    } catch (error) {
      next(error);
    }
  };
}
