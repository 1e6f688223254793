// PUT /api/saved-briefings/:id {title?, points: [{id, text}]}: the points to
// keep, in their new order, with their (possibly rewritten) text. A point's
// citations cannot be changed here: a rewritten point keeps them and is marked
// edited.
import type { RequestHandler } from "express";
import { UserError } from "../../errors.js";
import type { SavedBriefingResponseBody } from "../../protocol.js";
import { editedContent } from "../../saved-briefings/edit.js";
import { parseEditSavedBriefing } from "../../saved-briefings/schema.js";
import type { BriefingStore } from "../../store/types.js";
import { findSavedBriefing } from "./saved-briefings-get.js";

export function savedBriefingsPut(briefings: BriefingStore): RequestHandler {
  return async (request, response, next) => {
    try {
      const saved = await findSavedBriefing(briefings, request.params.id);
      const replaced = await briefings.replace(saved.id, editedContent(saved, parseEditSavedBriefing(request.body)));
      if (!replaced) throw new UserError("not_found", "The briefing was deleted while it was being edited.");
      const body: SavedBriefingResponseBody = { briefing: replaced };
      response.json(body);
    } catch (error) {
      next(error);
    }
  };
}
