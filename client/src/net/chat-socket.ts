// The Socket.IO connection: connection state for the header, answer events for
// the reducer, and the one ordering guarantee the UI needs — events for a
// question are delivered only after its ack, whatever order they arrive in.
import { io, type Socket } from "socket.io-client";
import type { AskAck, AskPayload, ClientToServerEvents, ServerToClientEvents } from "../../../server/protocol.js";
import type { AnswerEvent } from "../lib/chat-reducer.js";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "unauthorized" | "offline";

export interface ChatSocketHandlers {
  onState: (state: ConnectionState) => void;
  onEvent: (event: AnswerEvent) => void;
  /** Reconnected, but the server could not resume the old session: answers in flight are gone. */
  onSessionLost: () => void;
}

/** The ack, or `lost` when the connection dropped (or the ack timed out) before it came: send again. */
export type AskOutcome = AskAck | { ok: false; lost: true };

export interface ChatSocket {
  /** `onAck` runs before any event for the question is delivered. */
  ask: (payload: AskPayload, onAck: (outcome: AskOutcome) => void) => void;
  cancel: (serverId: string) => void;
  /** Connect again, e.g. with a new access token. */
  reconnect: () => void;
  close: () => void;
}

/** An ask with no ack by then is reported as failed, so no question spins forever. */
const ACK_TIMEOUT_MS = 20_000;
/** Wait before reconnecting after the server closed the connection. */
const SERVER_CLOSE_RETRY_MS = 1_500;
/** Events for ids this client never acked (a stale session) are kept for this many ids at most. */
const MAX_EARLY_IDS = 20;

type TypedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function createChatSocket(
  handlers: ChatSocketHandlers,
  getToken: () => string | undefined,
  url?: string,
): ChatSocket {
  const socket = openSocket(getToken, url);
  const lifetime = { everConnected: false, closed: false };
  const events = ackedEventGate(handlers.onEvent);
  forwardAnswerEvents(socket, events.deliver);
  reportConnectionState(socket, handlers, lifetime);
  return {
    ask(payload, onAck) {
      socket.timeout(ACK_TIMEOUT_MS).emit("ask", payload, (timeoutError: Error | null, ack: AskAck) => {
        if (timeoutError) {
          // Also called when the connection drops before the ack (socket.io-client ≥ 4.7).
          onAck({ ok: false, lost: true });
          return;
        }
        if (ack.ok) events.acked(ack.id, () => onAck(ack));
        else onAck(ack);
      });
    },
    cancel(serverId) {
      if (socket.connected) socket.emit("cancel", { id: serverId });
    },
    reconnect() {
      handlers.onState(lifetime.everConnected ? "reconnecting" : "connecting");
      socket.disconnect().connect();
    },
    close() {
      lifetime.closed = true;
      socket.close();
    },
  };
}

function openSocket(getToken: () => string | undefined, url?: string): TypedSocket {
  const options = {
    // A function, so a token entered after a failed handshake is used on the next attempt.
    auth: (send: (data: object) => void) => {
      const token = getToken();
      send(token ? { token } : {});
    },
    reconnectionDelayMax: 5_000,
  };
  return url ? io(url, options) : io(options);
}

/**
 * Holds back a question's events until its ack: `deliver` passes on events of acked ids and keeps the
 * others; `acked` runs the ack's own callback first, then what arrived early.
 */
function ackedEventGate(onEvent: (event: AnswerEvent) => void) {
  const acked = new Set<string>();
  const early = new Map<string, AnswerEvent[]>();
  return {
    deliver(event: AnswerEvent) {
      if (acked.has(event.id)) {
        onEvent(event);
        return;
      }
      const queue = early.get(event.id) ?? [];
      queue.push(event);
      early.set(event.id, queue);
      const oldest = early.keys().next();
      if (early.size > MAX_EARLY_IDS && !oldest.done) early.delete(oldest.value);
    },
    acked(id: string, onAck: () => void) {
      acked.add(id);
      onAck();
      const pending = early.get(id) ?? [];
      early.delete(id);
      pending.forEach(onEvent);
    },
  };
}

function forwardAnswerEvents(socket: TypedSocket, deliver: (event: AnswerEvent) => void): void {
  socket.on("answer:start", ({ id, rewritten }) => deliver({ kind: "start", id, rewritten }));
  socket.on("answer:token", ({ id, text }) => deliver({ kind: "token", id, text }));
  socket.on("answer:reset", ({ id }) => deliver({ kind: "reset", id }));
  socket.on("answer:citations", ({ id, citations }) => deliver({ kind: "citations", id, citations }));
  socket.on("answer:done", (payload) => deliver({ kind: "done", id: payload.id, payload }));
  socket.on("answer:error", ({ id, error }) => deliver({ kind: "error", id, error }));
}

function reportConnectionState(
  socket: TypedSocket,
  handlers: ChatSocketHandlers,
  lifetime: { everConnected: boolean; closed: boolean },
): void {
  socket.on("connect", () => {
    if (lifetime.everConnected && !socket.recovered) handlers.onSessionLost();
    lifetime.everConnected = true;
    handlers.onState("connected");
  });
  socket.on("disconnect", (reason) => {
    if (lifetime.closed) return;
    // socket.io-client does not retry after the server closed the socket (a restart,
    // a graceful shutdown); for a chat page that should come back by itself, retry.
    const serverClosed = reason === "io server disconnect";
    const retry = () => !lifetime.closed && !socket.connected && socket.connect();
    if (serverClosed) setTimeout(retry, SERVER_CLOSE_RETRY_MS);
    handlers.onState(socket.active || serverClosed ? "reconnecting" : "offline");
  });
  socket.on("connect_error", (error) => {
    // A middleware refusal is final for socket.io-client: it will not retry by itself.
    if (error.message === "unauthorized") handlers.onState("unauthorized");
    else handlers.onState(lifetime.everConnected ? "reconnecting" : socket.active ? "connecting" : "offline");
  });
}
