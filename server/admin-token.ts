// Evaluators (the retrieval check, eval runs) are rate-limited like everyone
// else unless they send the server's ADMIN_TOKEN in the X-Admin-Token header.
// A header that is sent but wrong is refused, so a typo is not mistaken for
// a rate limit later.
import type { Request, Response } from "express";
import { tokenMatches } from "./auth.js";
import { UserError } from "./errors.js";
import { admit, admitHttp, type Intake } from "./intake.js";
import type { RateLimiter } from "./rate-limit.js";

export const ADMIN_HEADER = "x-admin-token";

export interface EvaluatorGate {
  /** The one budget (and shutdown state) every question-like request shares. */
  intake: Intake;
  adminToken: string | undefined;
}

/** ADMIN_TOKEN holders take nothing from the budget. */
const UNLIMITED: RateLimiter = { take: async () => 0, wait: async () => 0 };

/** True for a request carrying the right ADMIN_TOKEN; throws `unauthorized` for a wrong one. */
export function hasAdminToken(request: Request, adminToken: string | undefined): boolean {
  const sent = request.get(ADMIN_HEADER);
  if (sent === undefined || sent === "") return false;
  if (!adminToken)
    throw new UserError(
      "unauthorized",
      "X-Admin-Token was sent, but this server has no ADMIN_TOKEN. Leave the header out.",
    );
  if (!tokenMatches(sent, adminToken))
    throw new UserError("unauthorized", "X-Admin-Token does not match the server's ADMIN_TOKEN. 管理令牌不正确。");
  return true;
}

/** admitHttp() for evaluator routes: the same checks, without the rate limit for ADMIN_TOKEN holders. */
export function admitEvaluator<T>(
  request: Request,
  response: Response,
  parse: (payload: unknown) => T,
  gate: EvaluatorGate,
): Promise<T> {
  if (hasAdminToken(request, gate.adminToken)) {
    return admit(request.body, parse, { ...gate.intake, limiter: UNLIMITED }, request);
  }
  return admitHttp(request, response, parse, gate.intake);
}
