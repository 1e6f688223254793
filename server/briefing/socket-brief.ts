// The Socket.IO `brief` event: validate, acknowledge with an id, then stream
// briefing:start → briefing:point… (briefing:reset when the model failed and the
// fallback starts over) → exactly one of briefing:done / briefing:error.
// Shares the client's rate budget and the connection's cancel map with `ask`.
import { LlmError } from "../answer/llm.js";
import { logFailure, toErrorBody, UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import { acceptSocketRequest, type Intake } from "../intake.js";
import { progressEmitter } from "../socket-progress.js";
import type { ChatSocket } from "../socket.js";
import type { Briefer } from "./briefer.js";
import { parseBriefingRequest } from "./request.js";
import type { BriefingRequest } from "./types.js";

type BriefSocket = ChatSocket;

export interface BriefHandlerOptions {
  intake: Intake;
  briefer: Briefer;
  logger: Logger;
}

const CANCELLED = { code: "cancelled" as const, message: "已停止生成简报。The briefing was cancelled." };

export function attachBriefHandler(socket: BriefSocket, running: Map<string, AbortController>, options: BriefHandlerOptions): void {
  const brief = (id: string, request: BriefingRequest, signal: AbortSignal) =>
    briefOne(socket, id, request, signal, options);
  socket.on("brief", (payload, ack) =>
    acceptSocketRequest(socket, "brief", payload, ack, parseBriefingRequest, running, options.intake, brief),
  );
}

async function briefOne(socket: BriefSocket, id: string, request: BriefingRequest, signal: AbortSignal, options: BriefHandlerOptions): Promise<void> {
  const started = performance.now();
  const emit = progressEmitter(socket, signal);
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
    options.logger.info("briefing", { id, transport: "socket", ms: Math.round(performance.now() - started), refused: result.refused === true, ...(result.refused ? {} : { mode: result.mode, points: result.points.length, fallbackReason: result.fallbackReason }) });
  } catch (error) {
    const aborted = signal.aborted || (error instanceof LlmError && error.code === "llm_aborted");
    const body = aborted ? CANCELLED : toErrorBody(error);
    logFailure(options.logger, "briefing_failed", error, body, { id });
    socket.emit("briefing:error", { id, error: body });
  }
}
