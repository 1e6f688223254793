// Wires the pure chat reducer to the socket and to localStorage: sends queued
// questions once connected (one at a time per conversation, so a follow-up is
// asked with the previous answer in its history), applies answer events, saves.
import { useCallback, useEffect, useReducer, useRef, useState, type RefObject } from "react";
import { createChatSocket, type ChatSocket, type ConnectionState } from "../net/chat-socket.js";
import { useLatest } from "./use-latest.js";
import {
  dueRetries,
  findTurn,
  historyBefore,
  isPending,
  newId,
  nextQueuedTurn,
  type ChatState,
  type Conversation,
  type Turn,
} from "../lib/chat-model.js";
import { chatReducer, type ChatAction } from "../lib/chat-reducer.js";
import { loadState, saveState } from "../lib/storage.js";
import type { Scope } from "../../../server/protocol.js";

/** Resends after a lost ack before the question is reported as failed. */
const MAX_SEND_ATTEMPTS = 3;
/** Saving on every streamed token would rewrite the whole history many times a second. */
const SAVE_DELAY_MS = 400;
const NO_RESPONSE = { code: "internal", message: "服务器没有响应，请稍后重试。" } as const;

export interface ChatController {
  state: ChatState;
  connection: ConnectionState;
  ask: (question: string, scope?: Scope) => void;
  cancel: (turnId: string) => void;
  retry: (turnId: string) => void;
  /** Stops a question's automatic resend. */
  holdRetry: (turnId: string) => void;
  regenerate: (turnId: string) => void;
  edit: (turnId: string, question: string) => void;
  discard: (turnId: string) => void;
  newConversation: () => void;
  select: (conversationId: string) => void;
  remove: (conversationId: string) => void;
  reconnect: () => void;
}

function initialState(): ChatState {
  // Nothing survives a reload in flight: such turns become unsent / interrupted.
  return chatReducer(loadState(), { type: "restore" });
}

type Dispatch = (action: ChatAction) => void;
type SocketRef = RefObject<ChatSocket | null>;
type StateRef = RefObject<ChatState>;

export function useChat(getToken: () => string | undefined): ChatController {
  const [state, dispatch] = useReducer(chatReducer, undefined, initialState);
  const stateRef = useLatest(state);
  const { socketRef, connection } = useChatSocket(dispatch, getToken);
  useSavedState(state, stateRef);
  useSendPump(state, connection, { socketRef, stateRef, dispatch });
  useAutoRetry(state, dispatch);

  const ask = useCallback(
    (question: string, scope?: Scope) => {
      const text = question.trim();
      if (!text) return;
      const conversationId = stateRef.current.activeId ?? newId("c");
      const now = Date.now();
      dispatch({
        type: "submit",
        conversationId,
        turnId: newId("t"),
        question: text,
        now,
        ...(scope ? { scope } : {}),
      });
    },
    [stateRef],
  );

  const cancel = useCallback(
    (turnId: string) => {
      const found = findTurn(stateRef.current, turnId);
      if (!found) return;
      if (found.turn.status === "queued") {
        dispatch({ type: "discard", turnId });
        return;
      }
      if (!isPending(found.turn)) return;
      dispatch({ type: "cancel", turnId });
      if (found.turn.serverId) socketRef.current?.cancel(found.turn.serverId);
    },
    [stateRef, socketRef],
  );

  const remove = useCallback(
    (conversationId: string) => {
      // An answer still streaming for a deleted conversation is stopped on the server too.
      const conversation = stateRef.current.conversations.find((c) => c.id === conversationId);
      for (const turn of conversation?.turns ?? []) {
        if (isPending(turn) && turn.serverId) socketRef.current?.cancel(turn.serverId);
      }
      dispatch({ type: "delete", conversationId });
    },
    [stateRef, socketRef],
  );

  const reconnect = useCallback(() => socketRef.current?.reconnect(), [socketRef]);
  return { state, connection, ask, cancel, remove, reconnect, ...useTurnEdits(dispatch) };
}

/** The socket for the page's lifetime, and its connection state for the header. */
function useChatSocket(dispatch: Dispatch, getToken: () => string | undefined) {
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const socketRef = useRef<ChatSocket | null>(null);
  const getTokenRef = useLatest(getToken);
  useEffect(() => {
    const socket = createChatSocket(
      {
        onState: setConnection,
        onEvent: (event) => dispatch({ type: "answer", event, now: Date.now() }),
        onSessionLost: () => dispatch({ type: "connection-lost" }),
      },
      () => getTokenRef.current(),
    );
    socketRef.current = socket;
    return () => {
      socket.close();
      socketRef.current = null;
    };
  }, [getTokenRef, dispatch]);
  return { socketRef, connection };
}

/** Saves a moment after the last change, and at once when the page goes away. */
function useSavedState(state: ChatState, stateRef: StateRef): void {
  useEffect(() => {
    const timer = setTimeout(() => saveState(state), SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [state]);

  useEffect(() => {
    const flush = () => saveState(stateRef.current);
    window.addEventListener("pagehide", flush);
    return () => window.removeEventListener("pagehide", flush);
  }, [stateRef]);
}

/**
 * The send pump: whenever something changes while connected, each conversation with nothing in flight
 * sends its oldest queued question; a lost ack requeues it up to MAX_SEND_ATTEMPTS times.
 */
function useSendPump(
  state: ChatState,
  connection: ConnectionState,
  { socketRef, stateRef, dispatch }: { socketRef: SocketRef; stateRef: StateRef; dispatch: Dispatch },
): void {
  const attempts = useRef(new Map<string, number>());

  const send = useCallback(
    (conversation: Conversation, turn: Turn) => {
      const socket = socketRef.current;
      if (!socket) return;
      dispatch({ type: "sending", turnId: turn.id });
      const attempt = (attempts.current.get(turn.id) ?? 0) + 1;
      attempts.current.set(turn.id, attempt);
      const payload = {
        question: turn.question,
        conversationId: conversation.id,
        history: historyBefore(conversation, turn.id),
        ...(turn.scope ? { scope: turn.scope } : {}),
      };
      socket.ask(payload, (outcome) => {
        // A callback from an earlier attempt (the question was requeued and sent again) is stale.
        if (attempts.current.get(turn.id) !== attempt) return;
        if (outcome.ok) {
          attempts.current.delete(turn.id);
          dispatch({ type: "accepted", turnId: turn.id, serverId: outcome.id });
          // Stopped before the server had named the question: stop it there too.
          if (findTurn(stateRef.current, turn.id)?.turn.status === "cancelled") socket.cancel(outcome.id);
        } else if ("lost" in outcome) {
          if (attempt < MAX_SEND_ATTEMPTS) dispatch({ type: "requeue", turnId: turn.id });
          else dispatch({ type: "rejected", turnId: turn.id, error: NO_RESPONSE, now: Date.now() });
        } else {
          attempts.current.delete(turn.id);
          dispatch({ type: "rejected", turnId: turn.id, error: outcome.error, now: Date.now() });
        }
      });
    },
    [socketRef, stateRef, dispatch],
  );

  useEffect(() => {
    if (connection !== "connected") return;
    for (const conversation of state.conversations) {
      const turn = nextQueuedTurn(conversation);
      if (turn) send(conversation, turn);
    }
  }, [state, connection, send]);
}

/**
 * Resends each question the server refused for now (busy, rate limited) when it said to come back:
 * the user sees a countdown instead of a dead end, and the question is not lost.
 */
function useAutoRetry(state: ChatState, dispatch: Dispatch): void {
  const due = dueRetries(state);
  const dueRef = useLatest(due);
  // The timers follow the due resends, not the state: streamed tokens change the state many times a second.
  const dueKey = due.map(({ turnId, at }) => `${turnId}@${at}`).join(" ");
  useEffect(() => {
    const timers = dueRef.current.map(({ turnId, at }) =>
      setTimeout(() => dispatch({ type: "retry", turnId, now: Date.now(), auto: true }), Math.max(0, at - Date.now())),
    );
    return () => timers.forEach(clearTimeout);
  }, [dueKey, dueRef, dispatch]);
}

/** The actions that only change the conversation history; the pump sends what they queue. */
function useTurnEdits(dispatch: Dispatch) {
  return {
    retry: useCallback((turnId: string) => dispatch({ type: "retry", turnId, now: Date.now() }), [dispatch]),
    holdRetry: useCallback((turnId: string) => dispatch({ type: "hold-retry", turnId }), [dispatch]),
    regenerate: useCallback((turnId: string) => dispatch({ type: "regenerate", turnId, now: Date.now() }), [dispatch]),
    edit: useCallback(
      (turnId: string, question: string) => dispatch({ type: "edit", turnId, question, now: Date.now() }),
      [dispatch],
    ),
    discard: useCallback((turnId: string) => dispatch({ type: "discard", turnId }), [dispatch]),
    newConversation: useCallback(() => dispatch({ type: "new" }), [dispatch]),
    select: useCallback((conversationId: string) => dispatch({ type: "select", conversationId }), [dispatch]),
  };
}
