// Socket.IO handlers: `ask` streams one answer and `brief` one briefing (streamed-request.ts),
// `cancel` stops one, and a disconnect stops them all. Every accepted request ends with exactly
// one done or error event.
import type { AskService } from "../ask-service.js";
import type { Briefer } from "../briefing/briefer.js";
import type { ConversationStore } from "../conversations.js";
import type { Intake } from "../intake.js";
import type { Logger } from "../logger.js";
import { askRequest } from "./ask.js";
import { briefRequest } from "./brief.js";
import { attachStreamedRequest } from "./streamed-request.js";
import type { ChatServer } from "./types.js";

export type { ChatServer, ChatSocket, SocketData } from "./types.js";

export interface SocketOptions {
  intake: Intake;
  conversations: ConversationStore;
  asker: AskService;
  briefer: Briefer;
  logger: Logger;
}

const KNOWN_EVENTS = new Set(["ask", "brief", "cancel"]);

export function attachSocketHandlers(io: ChatServer, options: SocketOptions): void {
  const ask = askRequest(options);
  const brief = briefRequest(options.briefer);
  io.on("connection", (socket) => {
    const running = new Map<string, AbortController>();
    const context = { intake: options.intake, logger: options.logger, running };

    socket.onAny((event: string) => {
      if (!KNOWN_EVENTS.has(event)) {
        socket.emit("request:error", {
          event,
          error: { code: "bad_request", message: `Unknown event "${event}". Events: ask, brief, cancel.` },
        });
      }
    });
    attachStreamedRequest(socket, ask, context);
    attachStreamedRequest(socket, brief, context);

    socket.on("cancel", (payload) => {
      const id = typeof payload === "object" && payload !== null ? (payload as { id?: unknown }).id : undefined;
      if (typeof id === "string") running.get(id)?.abort();
    });

    socket.on("disconnect", () => {
      for (const controller of running.values()) controller.abort();
    });
  });
}
