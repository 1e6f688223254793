import type { ConnectionState } from "../net/chat-socket.js";

const LABELS: Record<ConnectionState, string> = {
  connecting: "连接中…",
  connected: "已连接",
  reconnecting: "重连中…",
  unauthorized: "需要访问令牌",
  offline: "已断开",
};

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <span
      className={`connection connection-${state}`}
      data-testid="connection-state"
      data-state={state}
      role="status"
      aria-live="polite"
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{LABELS[state]}</span>
    </span>
  );
}
