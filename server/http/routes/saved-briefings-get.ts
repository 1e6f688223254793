// GET /api/saved-briefings: the saved briefings, most recently edited first
// (for the sidebar). GET /api/saved-briefings/:id: one, with its points.
import type { RequestHandler } from "express";
import { UserError } from "../../errors.js";
import type { SavedBriefingListResponseBody, SavedBriefingResponseBody } from "../../protocol.js";
import { SAVED_BRIEFING_ID } from "../../saved-briefings/schema.js";
import type { BriefingStore, SavedBriefing } from "../../store/types.js";

export function savedBriefingsList(briefings: BriefingStore): RequestHandler {
  return async (_request, response, next) => {
    try {
      const body: SavedBriefingListResponseBody = { briefings: await briefings.list() };
      response.json(body);
    } catch (error) {
      next(error);
    }
  };
}

/** The saved briefing the route's :id names, or a not_found error. */
export async function findSavedBriefing(briefings: BriefingStore, id: unknown): Promise<SavedBriefing> {
  const found = typeof id === "string" && SAVED_BRIEFING_ID.test(id) ? await briefings.get(id) : undefined;
  if (!found)
    throw new UserError(
      "not_found",
      `No saved briefing "${String(id).slice(0, 60)}". GET /api/saved-briefings lists them.`,
    );
  return found;
}

export function savedBriefingGet(briefings: BriefingStore): RequestHandler {
  return async (request, response, next) => {
    try {
      const body: SavedBriefingResponseBody = { briefing: await findSavedBriefing(briefings, request.params.id) };
      response.json(body);
    } catch (error) {
      next(error);
    }
  };
}
