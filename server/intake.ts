// What every question-like request goes through before any work starts, over
// HTTP or Socket.IO: not while shutting down, a payload that parses, and a rate
// limit. One place, so `ask` and `brief` cannot drift apart.
import type { Request, Response } from "express";
import { randomUUID } from "node:crypto";
import { toErrorBody, UserError } from "./errors.js";
import type { AskAck } from "./protocol.js";
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

export interface SocketIntake {
  perConnection: RateLimiter;
  perAddress: RateLimiter;
  /** Work in flight, so shutdown can wait for it. */
  inflight: Set<Promise<unknown>>;
  isShuttingDown: () => boolean;
}

interface IntakeSocket {
  id: string;
  handshake: { address: string };
  emit(event: "request:error", payload: { event: string; error: { code: "bad_request"; message: string } }): unknown;
}

/**
 * Take one request event (`ask`, `brief`): refuse it through the acknowledgement,
 * or acknowledge it with an id and run `work` with a signal that `cancel`, a
 * disconnect or shutdown can abort. The connection's and the address's rate
 * limits both apply.
 */
export function acceptSocketRequest<T>(
  socket: IntakeSocket,
  event: string,
  payload: unknown,
  ack: unknown,
  parse: (payload: unknown) => T,
  running: Map<string, AbortController>,
  intake: SocketIntake,
  work: (id: string, request: T, signal: AbortSignal) => Promise<void>,
): void {
  if (typeof ack !== "function") {
    socket.emit("request:error", { event, error: { code: "bad_request", message: `${event} needs an acknowledgement callback: socket.emit('${event}', payload, (response) => …).` } });
    return;
  }
  const reply = ack as (response: AskAck) => void;
  let request: T;
  try {
    request = admit(payload, parse, intake.isShuttingDown, () => Math.max(intake.perConnection.take(socket.id), intake.perAddress.take(socket.handshake.address)));
  } catch (error) {
    reply({ ok: false, error: toErrorBody(error) });
    return;
  }
  const id = randomUUID();
  reply({ ok: true, id });
  const controller = new AbortController();
  running.set(id, controller);
  const tracked = work(id, request, controller.signal).finally(() => {
    running.delete(id);
    intake.inflight.delete(tracked);
  });
  intake.inflight.add(tracked);
}

