// Wires the pure briefing reducer to its socket: one briefing at a time; a new
// topic cancels the one still building.
import { useCallback, useEffect, useReducer, useRef, type Dispatch } from "react";
import type { Scope } from "../../../server/protocol.js";
import { briefingReducer, INITIAL_BRIEFING, type BriefingAction, type BriefingState } from "../lib/briefing-reducer.js";
import { createBriefingSocket, type BriefingSocket } from "../net/briefing-socket.js";
import { useLatest } from "./use-latest.js";

export interface BriefingController {
  state: BriefingState;
  brief: (topic: string, scope?: Scope) => void;
  cancel: () => void;
  rename: (title: string) => void;
  /** For the saved-briefing library: apply a saved or reopened briefing, keep the typed topic. */
  dispatch: Dispatch<BriefingAction>;
}

export function useBriefing(getToken: () => string | undefined, active: boolean): BriefingController {
  const [state, dispatch] = useReducer(briefingReducer, INITIAL_BRIEFING);
  const socketRef = useRef<BriefingSocket | null>(null);
  const stateRef = useLatest(state);

  // Connect only once the briefing mode is first opened: chat-only use costs nothing.
  useEffect(() => {
    if (!active || socketRef.current) return;
    socketRef.current = createBriefingSocket(dispatch, getToken);
  }, [active, getToken]);
  useEffect(() => () => socketRef.current?.close(), []);

  const brief = useCallback(
    (topic: string, scope?: Scope) => {
      const socket = socketRef.current ?? (socketRef.current = createBriefingSocket(dispatch, getToken));
      const previous = stateRef.current;
      if (previous.status === "running" && previous.requestId) socket.cancel(previous.requestId);
      dispatch({ type: "request", topic, ...(scope ? { scope } : {}) });
      socket.brief({ topic, ...(scope ? { scope } : {}) }, (ack) => {
        if (ack.ok) dispatch({ type: "accepted", requestId: ack.id });
        else
          dispatch({ type: "error", message: "lost" in ack ? "与服务器的连接中断，请稍后重试。" : ack.error.message });
      });
    },
    [getToken, stateRef],
  );
  const cancel = useCallback(() => {
    const current = stateRef.current;
    if (current.status === "running" && current.requestId) socketRef.current?.cancel(current.requestId);
  }, [stateRef]);
  const rename = useCallback((title: string) => dispatch({ type: "rename", title }), []);
  return { state, brief, cancel, rename, dispatch };
}
