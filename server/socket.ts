// Socket.IO handlers: `ask` streams one answer (start → tokens → citations →
// done, or error), `cancel` stops one, and a disconnect stops them all.
// Handlers validate first and answer every accepted question with exactly one
// of answer:done or answer:error.
import type { Server, Socket } from "socket.io";
import type { AskService } from "./ask-service.js";
import type { Briefer } from "./briefing/briefer.js";
import { attachBriefHandler } from "./briefing/socket-brief.js";
import { historyFor, rememberTurn, type ConversationStore } from "./conversations.js";
import { logFailure, toErrorBody, UserError } from "./errors.js";
import { answerLogFields, type Logger } from "./logger.js";
import type { ClientToServerEvents, ServerToClientEvents } from "./protocol.js";
import { acceptSocketRequest, type Intake } from "./intake.js";
import { progressEmitter } from "./socket-progress.js";
import { parseAskPayload } from "./validation.js";

/** Nothing is kept per connection: conversations live in the ConversationStore, shared by every process. */
export type SocketData = Record<string, never>;

export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SocketOptions {
  intake: Intake;
  conversations: ConversationStore;
  asker: AskService;
  briefer: Briefer;
  logger: Logger;
}

const KNOWN_EVENTS = new Set(["ask", "brief", "cancel"]);

export function attachSocketHandlers(io: ChatServer, options: SocketOptions): void {
  io.on("connection", (socket) => {
    const running = new Map<string, AbortController>();

    socket.onAny((event: string) => {
      if (!KNOWN_EVENTS.has(event)) {
        socket.emit("request:error", { event, error: { code: "bad_request", message: `Unknown event "${event}". Events: ask, brief, cancel.` } });
      }
    });

    const answer = (id: string, request: ReturnType<typeof parseAskPayload>, signal: AbortSignal) =>
      answerOne(socket, id, request, signal, options);
    socket.on("ask", (payload, ack) =>
      acceptSocketRequest(socket, "ask", payload, ack, parseAskPayload, running, options.intake, answer),
    );

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
  const emit = progressEmitter(socket, signal);
  try {
    const history = await historyFor(options.conversations, request);
    const result = await options.asker.ask(
      { question: request.question, history, scope: request.scope, signal },
      {
        onStart: (info) => emit("answer:start", { id, ...info }),
        onToken: (text) => emit("answer:token", { id, text }),
        onReset: () => emit("answer:reset", { id }),
        onCitations: (citations) => emit("answer:citations", { id, citations }),
      },
    );
    if (signal.aborted) throw new UserError("cancelled", "已停止回答。The answer was cancelled.");
    await rememberTurn(options.conversations, request, result, options.logger);
    socket.emit("answer:done", { id, ...result });
    options.logger.info("question", { id, transport: "socket", ms: Math.round(performance.now() - started), ...answerLogFields(result) });
  } catch (error) {
    const body = signal.aborted ? { code: "cancelled" as const, message: "已停止回答。The answer was cancelled." } : toErrorBody(error);
    logFailure(options.logger, "answer_failed", error, body, { id });
    socket.emit("answer:error", { id, error: body });
    options.logger.info("question", { id, transport: "socket", ms: Math.round(performance.now() - started), error: body.code });
  }
}
