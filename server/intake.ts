// What every question-like request goes through before any work starts, over
// HTTP or Socket.IO: not while shutting down, a payload that parses, and the
// rate limit: ONE budget per client address across ask and brief on both
// transports (in Redis with REDIS_URL, so across every server process too). One
// place, so `ask` and `brief` cannot drift apart.
import type { Request, Response } from "express";
import type { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import type { ClientAddress } from "./client-address.js";
import { toErrorBody, UserError } from "./errors.js";
import type { AskAck } from "./protocol.js";
import { retryMessage, type RateLimiter } from "./rate-limit.js";

export const SHUTTING_DOWN = "服务器正在重启，请稍后再试。The server is shutting down; try again shortly.";

export interface Intake {
  /** The budget every question and briefing takes from, keyed by client address. */
  limiter: RateLimiter;
  clientAddress: ClientAddress;
  /** Work in flight, so shutdown can wait for it. */
  inflight: Set<Promise<unknown>>;
  isShuttingDown: () => boolean;
}

/** Throws the UserError that refuses the request, or resolves to its parsed payload. */
export async function admit<T>(
  payload: unknown,
  parse: (payload: unknown) => T,
  intake: Intake,
  request: IncomingMessage,
): Promise<T> {
  if (intake.isShuttingDown()) throw new UserError("shutting_down", SHUTTING_DOWN);
  const parsed = parse(payload);
  const wait = await intake.limiter.take(intake.clientAddress(request));
  if (wait > 0) throw new UserError("rate_limited", retryMessage(wait), wait);
  return parsed;
}

/** admit() for an HTTP request, with a Retry-After header when rate limited. */
export async function admitHttp<T>(
  request: Request,
  response: Response,
  parse: (payload: unknown) => T,
  intake: Intake,
): Promise<T> {
  try {
    return await admit(request.body, parse, intake, request);
  } catch (error) {
    if (error instanceof UserError && error.retryAfterMs)
      response.setHeader("Retry-After", String(Math.ceil(error.retryAfterMs / 1000)));
    throw error;
  }
}

/** An AbortSignal that fires when the HTTP client goes away before the response is sent. */
export function abortOnClientGone(response: Response): AbortSignal {
  const controller = new AbortController();
  response.on("close", () => response.writableFinished || controller.abort());
  return controller.signal;
}

interface IntakeSocket {
  /** The handshake request: the client address is read from it as from an HTTP request. */
  request: IncomingMessage;
  /** False once the connection is gone: its requests were cancelled then. */
  readonly connected: boolean;
  emit(event: "request:error", payload: { event: string; error: { code: "bad_request"; message: string } }): unknown;
}

/**
 * Take one request event (`ask`, `brief`): refuse it through the acknowledgement,
 * or acknowledge it with an id and run `work` with a signal that `cancel`, a
 * disconnect or shutdown can abort.
 */
export function acceptSocketRequest<T>(
  socket: IntakeSocket,
  event: string,
  payload: unknown,
  ack: unknown,
  parse: (payload: unknown) => T,
  running: Map<string, AbortController>,
  intake: Intake,
  work: (id: string, request: T, signal: AbortSignal) => Promise<void>,
): void {
  if (typeof ack !== "function") {
    socket.emit("request:error", {
      event,
      error: {
        code: "bad_request",
        message: `${event} needs an acknowledgement callback: socket.emit('${event}', payload, (response) => …).`,
      },
    });
    return;
  }
  const reply = ack as (response: AskAck) => void;
  admit(payload, parse, intake, socket.request).then(
    (request) => {
      // Gone while the rate limit was taken (a Redis round trip): the disconnect already cancelled
      // this connection's requests, and nobody would receive this one's answer.
      if (!socket.connected) return;
      const id = randomUUID();
      reply({ ok: true, id });
      const controller = new AbortController();
      running.set(id, controller);
      const tracked = work(id, request, controller.signal).finally(() => {
        running.delete(id);
        intake.inflight.delete(tracked);
      });
      intake.inflight.add(tracked);
    },
    (error: unknown) => reply({ ok: false, error: toErrorBody(error) }),
  );
}
