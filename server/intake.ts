// What every question-like request goes through before any work starts, over
// HTTP or Socket.IO: not while shutting down, a payload that parses, and a rate
// limit. One place, so `ask` and `brief` cannot drift apart.
import type { Request, Response } from "express";
import { UserError } from "./errors.js";
import { retryMessage, type RateLimiter } from "./rate-limit.js";

export const SHUTTING_DOWN = "服务器正在重启，请稍后再试。The server is shutting down; try again shortly.";

/** Throws the UserError that refuses the request, or returns its parsed payload. */
export function admit<T>(payload: unknown, parse: (payload: unknown) => T, isShuttingDown: () => boolean, waitMs: () => number): T {
  if (isShuttingDown()) throw new UserError("shutting_down", SHUTTING_DOWN);
  const parsed = parse(payload);
  const wait = waitMs();
  if (wait > 0) throw new UserError("rate_limited", retryMessage(wait), wait);
  return parsed;
}

/** admit() for an HTTP request, with a Retry-After header when rate limited. */
export function admitHttp<T>(request: Request, response: Response, parse: (payload: unknown) => T, limiter: RateLimiter, isShuttingDown: () => boolean): T {
  return admit(request.body, parse, isShuttingDown, () => {
    const wait = limiter.take(request.ip ?? "unknown");
    if (wait > 0) response.setHeader("Retry-After", String(Math.ceil(wait / 1000)));
    return wait;
  });
}

/** An AbortSignal that fires when the HTTP client goes away before the response is sent. */
export function abortOnClientGone(response: Response): AbortSignal {
  const controller = new AbortController();
  response.on("close", () => response.writableFinished || controller.abort());
  return controller.signal;
}
