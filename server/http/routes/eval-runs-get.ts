// GET /api/eval/runs/:runId: an eval run's progress (done of total), then its
// report's name.
import type { RequestHandler } from "express";
import { UserError } from "../../errors.js";
import type { EvalRuns } from "../../evaluation/eval-runs.js";

export function evalRunsGet(runs: EvalRuns): RequestHandler {
  return (request, response, next) => {
    const run = runs.get(String(request.params.runId ?? ""));
    if (!run) return next(new UserError("not_found", "No such eval run (runs are kept until the server restarts)."));
    response.json(run);
  };
}
