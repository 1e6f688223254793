// Per-connection conversation memory for follow-up questions: the last turns
// of each conversation, bounded in turns, characters and conversations, so a
// long-lived connection cannot grow without limit.
import { LIMITS, type ChatTurn } from "./protocol.js";

const MAX_CONVERSATIONS = 20;

export class Conversations {
  private readonly turns = new Map<string, ChatTurn[]>();

  history(conversationId: string): ChatTurn[] | undefined {
    return this.turns.get(conversationId);
  }

  record(conversationId: string, question: string, answer: string): void {
    const turns = this.turns.get(conversationId) ?? [];
    turns.push({ role: "user", content: question.slice(0, LIMITS.turnChars) }, { role: "assistant", content: answer.slice(0, LIMITS.turnChars) });
    // Most recent last; Map order doubles as least-recently-used order.
    this.turns.delete(conversationId);
    this.turns.set(conversationId, turns.slice(-LIMITS.historyTurns));
    if (this.turns.size > MAX_CONVERSATIONS) this.turns.delete(this.turns.keys().next().value!);
  }
}
