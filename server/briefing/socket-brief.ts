// The Socket.IO `brief` event: validate, acknowledge with an id, then stream
// briefing:start → briefing:point… (briefing:reset when the model failed and the
// fallback starts over) → exactly one of briefing:done / briefing:error.
// Shares the connection's rate limits and cancel map with `ask`.
import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io";
import { LlmError } from "../answer/llm.js";
import { toErrorBody, UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { ClientToServerEvents, ServerToClientEvents } from "../protocol.js";
import type { RateLimiter } from "../rate-limit.js";
import { admitSocket, type SocketData } from "../socket.js";
import type { Briefer } from "./briefer.js";
import { parseBriefingRequest } from "./request.js";
import type { BriefingRequest } from "./types.js";

type BriefSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface BriefHandlerOptions {
  briefer: Briefer;
  logger: Logger;
  perConnection: RateLimiter;
  perAddress: RateLimiter;
  inflight: Set<Promise<unknown>>;
  isShuttingDown: () => boolean;
}

const CANCELLED = { code: "cancelled" as const, message: "已停止生成简报。The briefing was cancelled." };

export function attachBriefHandler(socket: BriefSocket, running: Map<string, AbortController>, options: BriefHandlerOptions): void {
  socket.on("brief", (payload, ack) => {
    if (typeof ack !== "function") {
      socket.emit("request:error", { event: "brief", error: { code: "bad_request", message: "brief needs an acknowledgement callback: socket.emit('brief', payload, (response) => …)." } });
      return;
    }
    let request: BriefingRequest;
    try {
      request = admitSocket(socket, payload, parseBriefingRequest, options);
    } catch (error) {
      ack({ ok: false, error: toErrorBody(error) });
      return;
    }
    const id = randomUUID();
    ack({ ok: true, id });
    const controller = new AbortController();
    running.set(id, controller);
    const work = briefOne(socket, id, request, controller.signal, options).finally(() => {
      running.delete(id);
      options.inflight.delete(work);
    });
    options.inflight.add(work);
  });
}

async function briefOne(socket: BriefSocket, id: string, request: BriefingRequest, signal: AbortSignal, options: BriefHandlerOptions): Promise<void> {
  const started = performance.now();
  const emit: BriefSocket["emit"] = (...args) => !signal.aborted && socket.emit(...args);
  let index = 0;
  try {
    const result = await options.briefer.build(
      request,
      {
        onStart: ({ title }) => emit("briefing:start", { id, title }),
        onPoint: (point, citations) => emit("briefing:point", { id, index: index++, point, citations }),
        onReset: () => ((index = 0), emit("briefing:reset", { id })),
      },
      signal,
    );
    if (signal.aborted) throw new UserError("cancelled", CANCELLED.message);
    socket.emit("briefing:done", { id, ...result });
    options.logger.info("briefing", { id, transport: "socket", ms: Math.round(performance.now() - started), refused: result.refused === true, ...(result.refused ? {} : { mode: result.mode, points: result.points.length }) });
  } catch (error) {
    const aborted = signal.aborted || (error instanceof LlmError && error.code === "llm_aborted");
    const body = aborted ? CANCELLED : toErrorBody(error);
    if (body.code === "internal") options.logger.error("briefing_failed", { id, message: (error as Error).message });
    socket.emit("briefing:error", { id, error: body });
  }
}
