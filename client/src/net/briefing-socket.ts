// The Socket.IO connection for briefings: its own connection, opened on the
// first briefing, so the chat's connection and its session recovery are not
// touched. Events for a briefing are delivered only after its ack, whatever
// order they arrive in (the same guarantee as the chat socket).
import { io, type Socket } from "socket.io-client";
import type { AskAck, BriefingRequest, ClientToServerEvents, ServerToClientEvents } from "../../../server/protocol.js";
import type { BriefingAction } from "../lib/briefing-reducer.js";

const ACK_TIMEOUT_MS = 20_000;

export interface BriefingSocket {
  brief: (payload: BriefingRequest, onAck: (ack: AskAck | { ok: false; lost: true }) => void) => void;
  cancel: (requestId: string) => void;
  close: () => void;
}

export function createBriefingSocket(
  onAction: (action: BriefingAction) => void,
  getToken: () => string | undefined,
): BriefingSocket {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    auth: (send: (data: object) => void) => {
      const token = getToken();
      send(token ? { token } : {});
    },
    reconnectionDelayMax: 5_000,
  });
  const acked = new Set<string>();
  const early = new Map<string, BriefingAction[]>();
  const deliver = (requestId: string, action: BriefingAction) => {
    if (acked.has(requestId)) return onAction(action);
    early.set(requestId, [...(early.get(requestId) ?? []), action]);
  };
  socket.on("briefing:start", ({ id, title }) => deliver(id, { type: "start", requestId: id, title }));
  socket.on("briefing:point", ({ id, index, point, citations }) =>
    deliver(id, { type: "point", requestId: id, index, point, citations }),
  );
  socket.on("briefing:reset", ({ id }) => deliver(id, { type: "reset", requestId: id }));
  socket.on("briefing:done", (payload) => {
    const { id, ...result } = payload;
    deliver(id, { type: "done", requestId: id, result });
  });
  socket.on("briefing:error", ({ id, error }) => deliver(id, { type: "error", requestId: id, message: error.message }));

  return {
    brief(payload, onAck) {
      socket.timeout(ACK_TIMEOUT_MS).emit("brief", payload, (timeoutError: Error | null, ack: AskAck) => {
        if (timeoutError) return onAck({ ok: false, lost: true });
        if (ack.ok) acked.add(ack.id);
        onAck(ack);
        if (ack.ok) {
          const pending = early.get(ack.id) ?? [];
          early.delete(ack.id);
          pending.forEach(onAction);
        }
      });
    },
    cancel(requestId) {
      if (socket.connected) socket.emit("cancel", { id: requestId });
    },
    close() {
      socket.close();
    },
  };
}
