// Errors that leave the server: a stable code, the HTTP status it maps to, and
// a message the user can act on. Anything else is logged and sent as
// "internal" with a generic message: stack traces and causes never leave.
import { IngestError } from "../ingest/errors.js";
import type { LogFields, Logger } from "./logger.js";
import type { ErrorBody, ErrorCode } from "./protocol.js";
import { WorkError } from "./work-pool.js";

/** What a request is told while Redis or the corpus database is unreachable (the cause is logged). */
export const UNAVAILABLE_MESSAGE =
  "服务暂时不可用，请稍后再试。A service this server depends on is unreachable; try again shortly.";

export class UserError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "UserError";
  }
}

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  question_too_long: 400,
  payload_too_large: 413,
  rate_limited: 429,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  cancelled: 499,
  shutting_down: 503,
  host_not_allowed: 421,
  busy: 503,
  timed_out: 503,
  unavailable: 503,
  internal: 500,
  unsupported_format: 415,
  empty_document: 422,
  not_text: 422,
  encoding: 422,
  corrupt_document: 422,
  duplicate_source: 409,
  forbidden: 403,
  index_busy: 503,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

/** What the client sees for any thrown value. */
export function toErrorBody(error: unknown): ErrorBody {
  // The corpus database went away mid-request: like Redis, a dependency to wait for, not a bug.
  if (error instanceof IngestError && error.code === "database_unavailable") {
    return { code: "unavailable", message: UNAVAILABLE_MESSAGE };
  }
  if (error instanceof UserError)
    return {
      code: error.code,
      message: error.message,
      ...(error.retryAfterMs ? { retryAfterMs: error.retryAfterMs } : {}),
    };
  return { code: "internal", message: "服务器内部错误，请稍后再试。An internal error occurred; please try again." };
}

/** What a user is told when work on the pool fails; a failed task stays an internal error (logged, not sent). */
export function fromWorkError(error: unknown, budgetMs: number): unknown {
  if (!(error instanceof WorkError)) return error;
  const seconds = Math.round(budgetMs / 1000);
  if (error.code === "work_timeout")
    return new UserError(
      "timed_out",
      `处理超过${seconds}秒，已停止。请缩小范围后重试。The work took longer than ${seconds} s and was stopped.`,
    );
  if (error.code === "work_busy")
    return new UserError("busy", "服务器繁忙，请稍后再试。The server is busy; try again shortly.", error.retryAfterMs);
  if (error.code === "work_cancelled") return new UserError("cancelled", "已停止。The request was cancelled.");
  return error;
}

/**
 * Logs what the user is not told: an internal error's cause, or why a dependency was unreachable
 * (the corpus database's own message; Redis failures are logged where they happen).
 */
export function logFailure(
  logger: Logger,
  event: string,
  error: unknown,
  body: ErrorBody,
  fields: LogFields = {},
): void {
  const message = error instanceof Error ? error.message : String(error);
  if (body.code === "internal") logger.error(event, { ...fields, message });
  else if (body.code === "unavailable" && !(error instanceof UserError)) logger.warn(event, { ...fields, message });
}
