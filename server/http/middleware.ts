// The Express middleware the app factory puts around its routes: known host names only, the
// security headers, the access token on /api, same-origin sockets, and one error handler that
// turns every failure into {"error": {code, message}} (internal causes logged, never sent).
import { type ErrorRequestHandler, type RequestHandler } from "express";
import helmet from "helmet";
import type { IncomingMessage } from "node:http";
import type { ClientAddress } from "../client-address.js";
import { LIMITS } from "../config.js";
import { logFailure, statusOf, toErrorBody, UserError } from "../errors.js";
import { HOST_NOT_ALLOWED } from "../host-check.js";
import type { Logger } from "../logger.js";
import type { TokenGate } from "../token-gate.js";

export function hostCheck(hostAllowed: (request: IncomingMessage) => boolean): RequestHandler {
  return (request, _response, next) =>
    next(hostAllowed(request) ? undefined : new UserError("host_not_allowed", HOST_NOT_ALLOWED));
}

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "connect-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        // Plain http on a LAN must keep working: no forced https upgrade.
        "upgrade-insecure-requests": null,
      },
    },
    // Served over plain http by default; HSTS belongs on the TLS proxy in front, if any.
    strictTransportSecurity: false,
  });
}

export function requireToken(tokens: TokenGate, clientAddress: ClientAddress): RequestHandler {
  return (request, response, next) => {
    if (!tokens.enabled) return next();
    const header = request.headers.authorization ?? "";
    const token = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
    tokens.check(token, clientAddress(request), "http").then(
      () => next(),
      (error: unknown) => {
        if (error instanceof UserError && error.retryAfterMs) {
          response.setHeader("Retry-After", String(Math.ceil(error.retryAfterMs / 1000)));
        }
        next(error);
      },
    );
  };
}

export function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // not a browser (CLI, tests, server-to-server)
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _request, response, _next) => {
    const body = toErrorBody(bodyParserFailure(error) ?? error);
    logFailure(logger, "request_failed", error, body);
    if (!response.headersSent) response.status(statusOf(body.code)).json({ error: body });
  };
}

/** body-parser's own errors (a body too large or not JSON) as the user's error they are; undefined for others. */
type BodyParserError = { type?: unknown; limit?: unknown; status?: unknown } | null | undefined;

function bodyParserFailure(error: BodyParserError): UserError | undefined {
  if (error?.type === "entity.too.large") {
    // The saved-briefing routes read a larger body than the others (limits.ts); body-parser names the limit.
    const limit = typeof error.limit === "number" ? error.limit : LIMITS.httpBodyBytes;
    return new UserError("payload_too_large", `The request body is larger than ${limit} bytes. 请求过大。`);
  }
  if (error?.type === "entity.parse.failed") {
    const message = 'The body is not valid JSON. Send {"question": "…"} with Content-Type: application/json.';
    return new UserError("bad_request", message);
  }
  if (error?.type && typeof error.status === "number" && error.status < 500) {
    return new UserError("bad_request", "The request body could not be read. Send UTF-8 JSON.");
  }
  return undefined;
}
