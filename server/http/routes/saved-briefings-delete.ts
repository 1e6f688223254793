// DELETE /api/saved-briefings/:id → 204.
import type { RequestHandler } from "express";
import type { BriefingStore } from "../../store/types.js";
import { findSavedBriefing } from "./saved-briefings-get.js";

export function savedBriefingsDelete(briefings: BriefingStore): RequestHandler {
  return async (request, response, next) => {
    try {
      const saved = await findSavedBriefing(briefings, request.params.id);
      await briefings.delete(saved.id);
      response.status(204).end();
    } catch (error) {
      next(error);
    }
  };
}
