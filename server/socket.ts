// Socket.IO handlers: `ask` streams one answer (start → tokens → citations →
// done, or error), `cancel` stops one, and a disconnect stops them all.
// Handlers validate first and answer every accepted question with exactly one
// of answer:done or answer:error.
import { randomUUID } from "node:crypto";
import type { Server, Socket } from "socket.io";
import type { Answerer } from "./answer/answerer.js";
import type { Briefer } from "./briefing/briefer.js";
import { attachBriefHandler } from "./briefing/socket-brief.js";
import { Conversations } from "./conversations.js";
import { toErrorBody, UserError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { ClientToServerEvents, ServerToClientEvents } from "./protocol.js";
import { admit } from "./intake.js";
import type { RateLimiter } from "./rate-limit.js";
import { parseAskPayload } from "./validation.js";

export interface SocketData {
  conversations: Conversations;
}

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SocketOptions {
  answerer: Answerer;
  briefer: Briefer;
  logger: Logger;
  perConnection: RateLimiter;
  perAddress: RateLimiter;
  /** Answers in flight, so shutdown can wait for them. */
  inflight: Set<Promise<unknown>>;
  isShuttingDown: () => boolean;
}

const KNOWN_EVENTS = new Set(["ask", "brief", "cancel"]);

/** admit() for a socket event: the connection's and the address's rate limits both apply. */
export function admitSocket<T>(socket: { id: string; handshake: { address: string } }, payload: unknown, parse: (payload: unknown) => T, options: Pick<SocketOptions, "perConnection" | "perAddress" | "isShuttingDown">): T {
  return admit(payload, parse, options.isShuttingDown, () => Math.max(options.perConnection.take(socket.id), options.perAddress.take(socket.handshake.address)));
}

export function attachSocketHandlers(io: ChatServer, options: SocketOptions): void {
  io.on("connection", (socket) => {
    // Restored with the rest of socket.data when the connection state is recovered.
    socket.data.conversations ??= new Conversations();
    const running = new Map<string, AbortController>();

    socket.onAny((event: string) => {
      if (!KNOWN_EVENTS.has(event)) {
        socket.emit("request:error", { event, error: { code: "bad_request", message: `Unknown event "${event}". Events: ask, brief, cancel.` } });
      }
    });

    socket.on("ask", (payload, ack) => {
      if (typeof ack !== "function") {
        socket.emit("request:error", { event: "ask", error: { code: "bad_request", message: "ask needs an acknowledgement callback: socket.emit('ask', payload, (response) => …)." } });
        return;
      }
      let request;
      try {
        request = admitSocket(socket, payload, parseAskPayload, options);
      } catch (error) {
        ack({ ok: false, error: toErrorBody(error) });
        return;
      }
      const id = randomUUID();
      ack({ ok: true, id });
      const controller = new AbortController();
      running.set(id, controller);
      const work = answerOne(socket, id, request, controller.signal, options).finally(() => {
        running.delete(id);
        options.inflight.delete(work);
      });
      options.inflight.add(work);
    });

    attachBriefHandler(socket, running, options);

    socket.on("cancel", (payload) => {
      const id = typeof payload === "object" && payload !== null ? (payload as { id?: unknown }).id : undefined;
      if (typeof id === "string") running.get(id)?.abort();
    });

    socket.on("disconnect", () => {
      for (const controller of running.values()) controller.abort();
    });
  });
}

async function answerOne(
  socket: ChatSocket,
  id: string,
  request: ReturnType<typeof parseAskPayload>,
  signal: AbortSignal,
  options: SocketOptions,
): Promise<void> {
  const started = performance.now();
  const conversations = socket.data.conversations;
  const history = (request.conversationId && conversations.history(request.conversationId)) || request.history || [];
  // Once cancelled, nothing more is sent for this question but the closing error.
  const emit: ChatSocket["emit"] = (...args) => !signal.aborted && socket.emit(...args);
  try {
    const result = await options.answerer.answer(
      { question: request.question, history, signal },
      {
        onStart: (info) => emit("answer:start", { id, ...info }),
        onToken: (text) => emit("answer:token", { id, text }),
        onReset: () => emit("answer:reset", { id }),
        onCitations: (citations) => emit("answer:citations", { id, citations }),
      },
    );
    if (signal.aborted) throw new UserError("cancelled", "已停止回答。The answer was cancelled.");
    if (request.conversationId) conversations.record(request.conversationId, result.rewritten ?? request.question, result.answer);
    socket.emit("answer:done", { id, ...result });
    options.logger.info("question", { id, transport: "socket", mode: result.mode, ms: Math.round(performance.now() - started), refused: result.refused, coverage: result.coverage, citations: result.citations.length });
  } catch (error) {
    const body = signal.aborted ? { code: "cancelled" as const, message: "已停止回答。The answer was cancelled." } : toErrorBody(error);
    if (body.code === "internal") options.logger.error("answer_failed", { id, message: (error as Error).message });
    socket.emit("answer:error", { id, error: body });
    options.logger.info("question", { id, transport: "socket", ms: Math.round(performance.now() - started), error: body.code });
  }
}
