// POST /api/saved-briefings {topic, scope?, briefing}: save a briefing as it was
// built. Its citations are checked against the index (each quote must be its
// article's text at its offsets); the stored copy gets point ids for editing.
import type { RequestHandler } from "express";
import type { Assistant } from "../../assistant.js";
import type { SavedBriefingResponseBody } from "../../protocol.js";
import { savedContent } from "../../saved-briefings/edit.js";
import { parseCreateSavedBriefing } from "../../saved-briefings/schema.js";
import type { BriefingStore } from "../../store/types.js";

/** The quotes are checked against the corpus's current snapshot. */
export function savedBriefingsPost(briefings: BriefingStore, assistant: Pick<Assistant, "index">): RequestHandler {
  return async (request, response, next) => {
    try {
      const content = savedContent(parseCreateSavedBriefing(request.body), assistant.index.articleById);
      const body: SavedBriefingResponseBody = { briefing: await briefings.create(content) };
      response.status(201).json(body);
    } catch (error) {
      next(error);
    }
  };
}
