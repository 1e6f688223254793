// The users' tools under /api: scope options, follow-ups, feedback, saved
// briefings, the retrieval check and eval runs (README "The tools"). Mounted
// by the app factory behind the same host check, token gate and limits as the
// other routes; every route reads the corpus's current snapshot at each request.
import express, { Router } from "express";
import type { EvaluatorGate } from "../../admin-token.js";
import type { AskService } from "../../ask-service.js";
import type { Assistant } from "../../assistant.js";
import type { EvalRuns } from "../../evaluation/eval-runs.js";
import type { Intake } from "../../intake.js";
import type { Logger } from "../../logger.js";
import { LIMITS } from "../../protocol.js";
import type { ToolStore } from "../../store/types.js";
import { evalCompareGet } from "./eval-compare-get.js";
import { evalReportGet, evalReportsGet } from "./eval-reports-get.js";
import { evalRunsGet } from "./eval-runs-get.js";
import { evalRunsPost } from "./eval-runs-post.js";
import { feedbackDraftsGet } from "./feedback-drafts-get.js";
import { feedbackGet } from "./feedback-get.js";
import { feedbackPost } from "./feedback-post.js";
import { followUpsGet } from "./follow-ups-get.js";
import { retrievePost } from "./retrieve-post.js";
import { savedBriefingPointsPost } from "./saved-briefing-points-post.js";
import { savedBriefingsDelete } from "./saved-briefings-delete.js";
import { savedBriefingGet, savedBriefingsList } from "./saved-briefings-get.js";
import { savedBriefingsPost } from "./saved-briefings-post.js";
import { savedBriefingsPut } from "./saved-briefings-put.js";
import { scopeOptionsGet } from "./scope-options-get.js";

export interface ToolsRouteOptions {
  assistant: Assistant;
  asker: AskService;
  store: ToolStore;
  evalRuns: EvalRuns;
  /** Where eval reports are listed from. */
  evalReportsDir: string;
  /** Evaluators' routes: rate-limited unless the request carries ADMIN_TOKEN. */
  evaluators: EvaluatorGate;
  /** The one rate budget (per client address, over HTTP and sockets) and the shutdown state. */
  intake: Intake;
  logger: Logger;
}

/** The saved-briefing routes read their own, larger body (the limits table's savedBriefingBytes). */
export const savedBriefingBody = express.json({ limit: LIMITS.savedBriefingBytes });

export function toolsRouter(options: ToolsRouteOptions): Router {
  const { assistant, asker, store, evalRuns, evalReportsDir, evaluators, intake, logger } = options;
  const router = Router();
  router.get("/scope-options", scopeOptionsGet(assistant));
  router.get("/answers/:answerId/follow-ups", followUpsGet(asker, intake));
  router.post("/feedback", feedbackPost(store.feedback, intake));
  router.get("/feedback", feedbackGet(store.feedback));
  router.get("/feedback/drafts.jsonl", feedbackDraftsGet(store.feedback));
  router.get("/saved-briefings", savedBriefingsList(store.briefings));
  router.post("/saved-briefings", savedBriefingsPost(store.briefings, assistant));
  router.get("/saved-briefings/:id", savedBriefingGet(store.briefings));
  router.put("/saved-briefings/:id", savedBriefingsPut(store.briefings));
  router.delete("/saved-briefings/:id", savedBriefingsDelete(store.briefings));
  router.post("/saved-briefings/:id/points", savedBriefingPointsPost(store.briefings, store.answers));
  router.post("/retrieve", retrievePost(assistant, evaluators, logger));
  router.get("/eval/reports", evalReportsGet(evalReportsDir));
  router.get("/eval/reports/:name", evalReportGet(evalReportsDir));
  router.get("/eval/compare", evalCompareGet(evalReportsDir));
  router.post("/eval/runs", ...evalRunsPost(evalRuns, evaluators));
  router.get("/eval/runs/:runId", evalRunsGet(evalRuns));
  return router;
}
