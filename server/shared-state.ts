// What server processes must share to act as one service: conversation
// history, rate-limit budgets and the Socket.IO adapter. In this process by
// default (one server, nothing to install); in Redis when REDIS_URL is set
// (server/redis/shared-state.ts). The app only sees this interface.
import type { ServerOptions } from "socket.io";
import { MemoryConversationStore, type ConversationStore } from "./conversations.js";
import { UNAVAILABLE_MESSAGE, UserError } from "./errors.js";
import { MemoryRateLimiter, type RateLimiter } from "./rate-limit.js";

export interface SharedStateHealth {
  /** "memory": this process only; "redis-streams": Redis, with Socket.IO's Redis streams adapter. */
  kind: "memory" | "redis-streams";
  state: "ready" | "down";
}

export interface SharedState {
  conversations: ConversationStore;
  /** A budget named `name` of `points` hits per `windowMs` and key, the same in every process. */
  limiter(name: string, points: number, windowMs: number): RateLimiter;
  /** Socket.IO's adapter; undefined → its in-memory one. */
  socketAdapter: ServerOptions["adapter"] | undefined;
  health(): SharedStateHealth;
  close(): Promise<void>;
}

/** What a request that needs the shared state is told while it is unreachable (the cause is logged). */
export function unavailable(): UserError {
  return new UserError("unavailable", UNAVAILABLE_MESSAGE);
}

export function memorySharedState(options: { conversationTtlMs: number }): SharedState {
  return {
    conversations: new MemoryConversationStore(options.conversationTtlMs),
    limiter: (_name, points, windowMs) => new MemoryRateLimiter(points, windowMs),
    socketAdapter: undefined,
    health: () => ({ kind: "memory", state: "ready" }),
    close: async () => undefined,
  };
}
