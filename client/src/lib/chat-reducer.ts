// Every change to the conversations goes through this pure reducer: user actions,
// acks, and the server's answer events (keyed by the server's question id).
import type { AnswerDonePayload, Citation, ErrorBody, Scope } from "../../../server/protocol.js";
import { autoRetryAt, titleFromQuestion, type ChatState, type Conversation, type Turn } from "./chat-model.js";

export type AnswerEvent =
  | { kind: "start"; id: string; rewritten?: string }
  | { kind: "token"; id: string; text: string }
  | { kind: "reset"; id: string }
  | { kind: "citations"; id: string; citations: Citation[] }
  | { kind: "done"; id: string; payload: AnswerDonePayload }
  | { kind: "error"; id: string; error: ErrorBody };

export type ChatAction =
  | { type: "new" }
  | { type: "select"; conversationId: string }
  | { type: "delete"; conversationId: string }
  | { type: "submit"; conversationId: string; turnId: string; question: string; now: number; scope?: Scope }
  | { type: "sending"; turnId: string }
  | { type: "accepted"; turnId: string; serverId: string }
  | { type: "rejected"; turnId: string; error: ErrorBody; now: number }
  /** The ack never came (connection dropped): wait for the connection and send again. */
  | { type: "requeue"; turnId: string }
  /** `now` dates an error's automatic resend (when the server says to come back). */
  | { type: "answer"; event: AnswerEvent; now?: number }
  | { type: "cancel"; turnId: string }
  /** `auto`: the client's own resend after a refusal for now; it happens only while one is still due. */
  | { type: "retry"; turnId: string; now: number; auto?: boolean }
  /** The user stops an automatic resend; the turn stays failed, to resend by hand. */
  | { type: "hold-retry"; turnId: string }
  /** Ask a finished question again (a fresh answer replaces the old one). */
  | { type: "regenerate"; turnId: string; now: number }
  /** Ask an edited question in place of this turn; the turns after it (follow-ups of the old wording) go. */
  | { type: "edit"; turnId: string; question: string; now: number }
  | { type: "discard"; turnId: string }
  /** Reconnected without the server resuming the session: in-flight answers are lost. */
  | { type: "connection-lost" }
  /** On load: nothing is in flight any more; queued questions wait for the user. */
  | { type: "restore" };

export const EMPTY_STATE: ChatState = { conversations: [], activeId: null };

// Over 60 lines on purpose: one case per action, so the whole state machine reads in one place.
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "new":
      return { ...state, activeId: null };
    case "select":
      return state.conversations.some((c) => c.id === action.conversationId)
        ? { ...state, activeId: action.conversationId }
        : state;
    case "delete":
      return {
        conversations: state.conversations.filter((c) => c.id !== action.conversationId),
        activeId: state.activeId === action.conversationId ? null : state.activeId,
      };
    case "submit":
      return submit(state, action);
    case "sending":
      return updateTurn(
        state,
        (t) => t.id === action.turnId && t.status === "queued",
        () => ({ status: "sending" }),
      );
    case "accepted":
      // A turn cancelled before its ack keeps its status; the caller cancels it on the server.
      return updateTurn(
        state,
        (t) => t.id === action.turnId,
        (t) =>
          t.status === "sending" ? { serverId: action.serverId, status: "streaming" } : { serverId: action.serverId },
      );
    case "rejected":
      return updateTurn(
        state,
        (t) => t.id === action.turnId && t.status === "sending",
        (t) => failed(t, action.error, action.now),
      );
    case "requeue":
      return updateTurn(
        state,
        (t) => t.id === action.turnId && t.status === "sending",
        () => ({ status: "queued" }),
      );
    case "answer":
      return applyAnswerEvent(state, action.event, action.now);
    case "cancel":
      return updateTurn(
        state,
        (t) => t.id === action.turnId && (t.status === "sending" || t.status === "streaming"),
        () => ({ status: "cancelled" }),
      );
    case "retry":
      return updateTurn(
        state,
        (t) =>
          t.id === action.turnId &&
          (action.auto
            ? t.status === "error" && t.retryAt !== undefined
            : ["error", "unsent", "interrupted", "cancelled"].includes(t.status)),
        (t) => ({ ...requeued(action.now), autoRetries: action.auto ? (t.autoRetries ?? 0) + 1 : undefined }),
      );
    case "hold-retry":
      return updateTurn(
        state,
        (t) => t.id === action.turnId && t.retryAt !== undefined,
        () => ({ retryAt: undefined }),
      );
    case "regenerate":
      return updateTurn(
        state,
        (t) => t.id === action.turnId && t.status === "done",
        () => requeued(action.now),
      );
    case "edit":
      return editTurn(state, action);
    case "discard":
      return mapConversations(state, (c) =>
        c.turns.some((t) => t.id === action.turnId)
          ? { ...c, turns: c.turns.filter((t) => t.id !== action.turnId) }
          : c,
      );
    case "connection-lost":
      return updateTurn(
        state,
        (t) => t.status === "sending" || t.status === "streaming",
        (t) => (t.status === "sending" ? { status: "queued" } : { status: "interrupted" }),
      );
    case "restore":
      return updateTurn(
        state,
        (t) => ["queued", "sending", "streaming"].includes(t.status),
        (t) => (t.status === "streaming" ? { status: "interrupted" } : { status: "unsent" }),
      );
  }
}

/** A turn sent again from scratch: what the earlier attempt received is dropped. */
function requeued(now: number): Partial<Turn> {
  return {
    status: "queued",
    askedAt: now,
    serverId: undefined,
    answer: "",
    rewritten: undefined,
    citations: [],
    outcome: undefined,
    error: undefined,
    answerId: undefined,
    retryAt: undefined,
  };
}

/**
 * A turn the server refused or failed; a refusal for now is resent by itself when the server said
 * when (and the action says what time it is: the reducer reads no clock).
 */
function failed(turn: Turn, error: ErrorBody, now: number | undefined): Partial<Turn> {
  return { status: "error", error, retryAt: now === undefined ? undefined : autoRetryAt(turn, error, now) };
}

function editTurn(state: ChatState, action: Extract<ChatAction, { type: "edit" }>): ChatState {
  const question = action.question.trim();
  return mapConversations(state, (c) => {
    const index = c.turns.findIndex((t) => t.id === action.turnId);
    // Nothing may be in flight in the conversation: its answer would land on a turn that is gone.
    const inFlight = c.turns.some((t) => t.status === "sending" || t.status === "streaming");
    const turn = c.turns[index];
    if (question === "" || turn === undefined || inFlight) return c;
    const edited: Turn = { ...turn, ...requeued(action.now), question };
    return { ...c, updatedAt: action.now, turns: [...c.turns.slice(0, index), edited] };
  });
}

function submit(state: ChatState, action: Extract<ChatAction, { type: "submit" }>): ChatState {
  const turn: Turn = {
    id: action.turnId,
    question: action.question,
    askedAt: action.now,
    status: "queued",
    answer: "",
    citations: [],
    ...(action.scope ? { scope: action.scope } : {}),
  };
  const existing = state.conversations.find((c) => c.id === action.conversationId);
  const conversation: Conversation = existing
    ? { ...existing, updatedAt: action.now, turns: [...existing.turns, turn] }
    : {
        id: action.conversationId,
        title: titleFromQuestion(action.question),
        createdAt: action.now,
        updatedAt: action.now,
        turns: [turn],
      };
  const others = state.conversations.filter((c) => c.id !== action.conversationId);
  return { conversations: [conversation, ...others], activeId: conversation.id };
}

function applyAnswerEvent(state: ChatState, event: AnswerEvent, now: number | undefined): ChatState {
  // Only a turn still streaming takes events: a cancelled turn keeps what it showed.
  const matches = (t: Turn) => t.serverId === event.id && t.status === "streaming";
  switch (event.kind) {
    case "start":
      return updateTurn(state, matches, () => (event.rewritten ? { rewritten: event.rewritten } : {}));
    case "token":
      return updateTurn(state, matches, (t) => ({ answer: t.answer + event.text }));
    case "reset":
      return updateTurn(state, matches, () => ({ answer: "", citations: [] }));
    case "citations":
      return updateTurn(state, matches, () => ({ citations: event.citations }));
    case "done": {
      const {
        id: _id,
        answerId,
        answer,
        citations,
        rewritten,
        refused,
        coverage,
        missing,
        related,
        mode,
        notice,
        timings,
        table,
      } = event.payload;
      return updateTurn(state, matches, (t) => ({
        status: "done",
        answerId,
        answer,
        citations,
        rewritten: rewritten ?? t.rewritten,
        outcome: { refused, coverage, missing, related, mode, notice, timings, ...(table ? { table } : {}) },
      }));
    }
    case "error":
      return updateTurn(state, matches, (t) =>
        event.error.code === "cancelled" ? { status: "cancelled", error: event.error } : failed(t, event.error, now),
      );
  }
}

function mapConversations(state: ChatState, map: (c: Conversation) => Conversation): ChatState {
  let changed = false;
  const conversations = state.conversations.map((c) => {
    const next = map(c);
    if (next !== c) changed = true;
    return next;
  });
  return changed ? { ...state, conversations } : state;
}

/** Apply `patch` to every turn `matches` selects; the state is unchanged (same object) when none does. */
function updateTurn(state: ChatState, matches: (t: Turn) => boolean, patch: (t: Turn) => Partial<Turn>): ChatState {
  return mapConversations(state, (c) => {
    if (!c.turns.some(matches)) return c;
    return { ...c, turns: c.turns.map((t) => (matches(t) ? { ...t, ...patch(t) } : t)) };
  });
}
