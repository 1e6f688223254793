// Errors that leave the server: a stable code, the HTTP status it maps to, and
// a message the user can act on. Anything else is logged and sent as
// "internal" with a generic message: stack traces and causes never leave.
import type { ErrorBody, ErrorCode } from "./protocol.js";

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
  internal: 500,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

/** What the client sees for any thrown value. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof UserError) return { code: error.code, message: error.message, ...(error.retryAfterMs ? { retryAfterMs: error.retryAfterMs } : {}) };
  return { code: "internal", message: "服务器内部错误，请稍后再试。An internal error occurred; please try again." };
}
