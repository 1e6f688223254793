// Conversation memory for follow-up questions, keyed by the client's
// conversationId: the last turns of each conversation, bounded in turns and
// characters, and forgotten after a time without use. Behind one small
// interface: in this process (the default), or in Redis when REDIS_URL is set
// (server/redis/conversation-store.ts), so that a follow-up asked of any
// server process continues the conversation and a crashed server loses none.
import type { Logger } from "./logger.js";
import { LIMITS, type ChatTurn } from "./protocol.js";

export interface ConversationStore {
  /** The recent turns of a conversation, oldest first; empty when it is unknown or expired. */
  history(conversationId: string): Promise<ChatTurn[]>;
  /** Appends a question and its answer, keeps the last LIMITS.historyTurns turns and renews the time to live. */
  record(conversationId: string, question: string, answer: string): Promise<void>;
}

/** The two turns one answered question adds, each cut to the turn limit. */
export function turnsOf(question: string, answer: string): ChatTurn[] {
  return [
    { role: "user", content: question.slice(0, LIMITS.turnChars) },
    { role: "assistant", content: answer.slice(0, LIMITS.turnChars) },
  ];
}

/**
 * The history a question is answered with: the server's record of its conversation when there is
 * one, else the turns the client sent (a conversation this server never saw, e.g. after a page reload).
 */
export async function historyFor(
  store: ConversationStore,
  request: { conversationId?: string; history?: ChatTurn[] },
): Promise<ChatTurn[]> {
  const known = request.conversationId ? await store.history(request.conversationId) : [];
  return known.length > 0 ? known : (request.history ?? []);
}

/**
 * Records an answered question before its answer is sent, so that a follow-up asked of any process
 * right after sees it. A turn that cannot be recorded is logged; the answer still goes out.
 */
export async function rememberTurn(
  store: ConversationStore,
  request: { conversationId?: string; question: string },
  result: { rewritten?: string; answer: string },
  logger: Logger,
): Promise<void> {
  if (!request.conversationId) return;
  try {
    await store.record(request.conversationId, result.rewritten ?? request.question, result.answer);
  } catch (error) {
    logger.warn("conversation_not_recorded", { message: (error as Error).message });
  }
}

const MAX_CONVERSATIONS = 10_000;

/** In this process: least recently used first out, past the time to live or MAX_CONVERSATIONS. */
export class MemoryConversationStore implements ConversationStore {
  private readonly conversations = new Map<string, { turns: ChatTurn[]; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async history(conversationId: string): Promise<ChatTurn[]> {
    const entry = this.conversations.get(conversationId);
    if (!entry) return [];
    if (entry.expiresAt <= this.now()) {
      this.conversations.delete(conversationId);
      return [];
    }
    return [...entry.turns];
  }

  async record(conversationId: string, question: string, answer: string): Promise<void> {
    const turns = [...(await this.history(conversationId)), ...turnsOf(question, answer)].slice(-LIMITS.historyTurns);
    // Map order doubles as least-recently-used order.
    this.conversations.delete(conversationId);
    this.conversations.set(conversationId, { turns, expiresAt: this.now() + this.ttlMs });
    for (const oldest of this.conversations.keys()) {
      if (this.conversations.size <= MAX_CONVERSATIONS) break;
      this.conversations.delete(oldest);
    }
  }
}
