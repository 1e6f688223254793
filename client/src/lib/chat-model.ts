// The client's data model: conversations of question/answer turns, as kept in
// localStorage, and the pure helpers that derive what to send from them.
import type { AnswerResult, ChatTurn, Citation, ErrorBody, LIMITS, Scope } from "../../../server/protocol.js";
import { stripCitationMarkers } from "./citation-segments.js";

/**
 * queued: waiting for a connection or for the previous answer in its conversation;
 * sending: emitted, no ack yet; streaming: accepted, answer arriving;
 * unsent: never reached the server (page closed while queued) — the user resends;
 * interrupted: the connection dropped mid-answer and the server could not resume it.
 */
export type TurnStatus = "queued" | "sending" | "streaming" | "done" | "error" | "cancelled" | "unsent" | "interrupted";

/** What answer:done adds beyond the text and citations. */
export type AnswerOutcome = Pick<
  AnswerResult,
  "refused" | "coverage" | "missing" | "related" | "mode" | "notice" | "timings" | "table"
>;

export interface Turn {
  id: string;
  question: string;
  askedAt: number;
  status: TurnStatus;
  /** The id the server gave this question in its ack; events carry it. */
  serverId?: string;
  answer: string;
  rewritten?: string;
  citations: Citation[];
  outcome?: AnswerOutcome;
  error?: ErrorBody;
  /** The server's id for the finished answer: feedback, follow-ups and "add to briefing" name it. */
  answerId?: string;
  /** The scope the question was asked within. */
  scope?: Scope;
  /**
   * When the client asks again by itself: the server refused for now (busy, rate limited) and said
   * when to come back. Not saved: after a reload the user resends.
   */
  retryAt?: number;
  /** Automatic resends so far (a resend the user asks for starts over). */
  autoRetries?: number;
}

/** A refusal for now is asked again by itself this many times at most… */
export const AUTO_RETRY_LIMIT = 3;
/** …and only when the wait the server named is this short; a longer one is the user's to wait out. */
export const AUTO_RETRY_MAX_WAIT_MS = 30_000;

/** When to ask a failed turn again by itself, if at all. */
export function autoRetryAt(turn: Pick<Turn, "autoRetries">, error: ErrorBody, now: number): number | undefined {
  const wait = error.retryAfterMs;
  if (error.code !== "busy" && error.code !== "rate_limited") return undefined;
  if (wait === undefined || wait > AUTO_RETRY_MAX_WAIT_MS || (turn.autoRetries ?? 0) >= AUTO_RETRY_LIMIT)
    return undefined;
  return now + Math.max(0, wait);
}

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: Turn[];
}

export interface ChatState {
  conversations: Conversation[];
  /** null: the empty "new conversation" screen; a conversation is created by its first question. */
  activeId: string | null;
}

// The server's limits, restated because the protocol may only be imported as a
// type; `satisfies` turns any drift from server/protocol.ts into a type error.
export const CLIENT_LIMITS = {
  questionChars: 1000,
  topicChars: 200,
  historyTurns: 12,
  turnChars: 4000,
  httpBodyBytes: 6 * (1000 + 12 * 4000 + 20 * 303 + 200) + 8 * 1024,
  socketMessageBytes: 6 * (1000 + 12 * 4000 + 20 * 303 + 200) + 9 * 1024,
  scopeSources: 20,
  sourceNameChars: 300,
  commentChars: 1000,
  briefingPoints: 40,
  pointChars: 2000,
  briefingCitations: 80,
  briefingFigures: 40,
  quoteChars: 4000,
  savedBriefingBytes: 6 * (200 + 20 * 303 + 200 + 40 * 2000 + 80 * 5500 + 40 * 250) + 16 * 1024,
  evalFileBytes: 1024 * 1024,
  evalQuestions: 500,
} as const satisfies typeof LIMITS;

const TITLE_CHARS = 24;

/** A sidebar title from the first question: one line, trimmed, shortened with an ellipsis. */
export function titleFromQuestion(question: string): string {
  const line = question.replace(/\s+/g, " ").trim();
  const chars = [...line];
  return chars.length > TITLE_CHARS ? `${chars.slice(0, TITLE_CHARS).join("")}…` : line || "新对话";
}

/** True while a turn still expects something from the server. */
export function isPending(turn: Turn): boolean {
  return turn.status === "sending" || turn.status === "streaming";
}

/**
 * The turns before `turnId` that were answered, as the history sent with ask, so a
 * follow-up works even when the server no longer knows the conversation (a reload,
 * a restart). Markers are stripped: they refer to the earlier answer's citations.
 */
export function historyBefore(conversation: Conversation, turnId: string): ChatTurn[] {
  const history: ChatTurn[] = [];
  for (const turn of conversation.turns) {
    if (turn.id === turnId) break;
    if (turn.status !== "done") continue;
    history.push({ role: "user", content: clip(turn.question) });
    history.push({ role: "assistant", content: clip(stripCitationMarkers(turn.answer)) });
  }
  return history.slice(-CLIENT_LIMITS.historyTurns);
}

function clip(text: string): string {
  return text.length > CLIENT_LIMITS.turnChars ? text.slice(0, CLIENT_LIMITS.turnChars) : text;
}

/** The next question to send in a conversation: the oldest queued one, once nothing is in flight. */
export function nextQueuedTurn(conversation: Conversation): Turn | undefined {
  if (conversation.turns.some(isPending)) return undefined;
  return conversation.turns.find((turn) => turn.status === "queued");
}

/** The questions the client will resend by itself, and when: failed turns with a resend still due. */
export function dueRetries(state: ChatState): Array<{ turnId: string; at: number }> {
  return state.conversations.flatMap((conversation) =>
    conversation.turns.flatMap((turn) =>
      turn.status === "error" && turn.retryAt !== undefined ? [{ turnId: turn.id, at: turn.retryAt }] : [],
    ),
  );
}

export function findTurn(state: ChatState, turnId: string): { conversation: Conversation; turn: Turn } | undefined {
  for (const conversation of state.conversations) {
    const turn = conversation.turns.find((candidate) => candidate.id === turnId);
    if (turn) return { conversation, turn };
  }
  return undefined;
}

/** Most recently used first, as the sidebar lists them. */
export function sortedConversations(conversations: Conversation[]): Conversation[] {
  return [...conversations].sort((a, b) => b.updatedAt - a.updatedAt);
}

export function newId(prefix: string): string {
  const random =
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${prefix}-${random}`;
}
