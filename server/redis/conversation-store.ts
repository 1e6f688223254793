// Conversation history in Redis: one list per conversation (JSON turns),
// trimmed to the last LIMITS.historyTurns and expiring CONVERSATION_TTL_S after
// its last answer. Appending, trimming and renewing run in one MULTI, so a
// reader on another process sees the conversation before or after a turn,
// never half of it.
import type { Redis } from "ioredis";
import { z } from "zod";
import { turnsOf, type ConversationStore } from "../conversations.js";
import { LIMITS, type ChatTurn } from "../protocol.js";
import { unavailable } from "../shared-state.js";

const storedTurn = z.object({ role: z.enum(["user", "assistant"]), content: z.string().max(LIMITS.turnChars) });

export class RedisConversationStore implements ConversationStore {
  constructor(
    private readonly client: Redis,
    private readonly keyPrefix: string,
    private readonly ttlMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  async history(conversationId: string): Promise<ChatTurn[]> {
    const stored = await this.run(() => this.client.lrange(this.key(conversationId), 0, -1));
    // Only what parses is used: a value another program left under the key is not history.
    return stored.flatMap((line) => {
      const turn = storedTurn.safeParse(safeJson(line));
      return turn.success ? [turn.data] : [];
    });
  }

  async record(conversationId: string, question: string, answer: string): Promise<void> {
    const key = this.key(conversationId);
    const turns = turnsOf(question, answer).map((turn) => JSON.stringify(turn));
    const results = await this.run(() =>
      this.client
        .multi()
        .rpush(key, ...turns)
        .ltrim(key, -LIMITS.historyTurns, -1)
        .pexpire(key, this.ttlMs)
        .exec(),
    );
    const failure = results?.find(([error]) => error)?.[0];
    if (failure || !results) throw this.failed(failure ?? new Error("the transaction was discarded"));
  }

  private key(conversationId: string): string {
    return `${this.keyPrefix}${conversationId}`;
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw this.failed(error);
    }
  }

  private failed(error: unknown) {
    this.onError(error instanceof Error ? error : new Error(String(error)));
    return unavailable();
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined; // not JSON: left out of the history, as any value that is not a stored turn
  }
}
