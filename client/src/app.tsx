// The page: sidebar with history, the conversation (or the starter screen), the
// composer, and the source viewer. State lives in useChat; this file lays out.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Citation } from "../../server/protocol.js";
import { useChat } from "./hooks/use-chat.js";
import { fetchHealth, UnauthorizedError } from "./net/api.js";
import { isPending } from "./lib/chat-model.js";
import { conversationToMarkdown, exportFileName } from "./lib/markdown-export.js";
import { downloadText } from "./lib/browser-actions.js";
import { loadToken, saveToken } from "./lib/storage.js";
import { ConnectionBadge } from "./components/connection-badge.js";
import { Composer } from "./components/composer.js";
import { EmptyState } from "./components/empty-state.js";
import { DownloadIcon, MenuIcon, PlusIcon } from "./components/icons.js";
import { Sidebar } from "./components/sidebar.js";
import { SourceViewer } from "./components/source-viewer.js";
import { citationKey } from "./components/sources-list.js";
import { Thread } from "./components/thread.js";
import { TokenDialog } from "./components/token-dialog.js";

export function App() {
  const [token, setToken] = useState(loadToken);
  const [httpUnauthorized, setHttpUnauthorized] = useState(false);
  // Read through a ref so the socket's next handshake uses the token just entered,
  // even where localStorage is unavailable.
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const chat = useChat(useCallback(() => tokenRef.current, []));
  const [viewing, setViewing] = useState<Citation | null>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [articleCount, setArticleCount] = useState<number>();

  const active = chat.state.conversations.find((c) => c.id === chat.state.activeId);
  const pendingTurn = active?.turns.find(isPending);
  const needsToken = chat.connection === "unauthorized" || httpUnauthorized;

  useEffect(() => {
    if (chat.connection !== "connected") return;
    const controller = new AbortController();
    fetchHealth(token, controller.signal).then(
      (health) => setArticleCount(health.index.articles),
      (error: unknown) => {
        if (error instanceof UnauthorizedError) setHttpUnauthorized(true);
      },
    );
    return () => controller.abort();
  }, [chat.connection, token]);

  // The open source belongs to the conversation it was opened from.
  useEffect(() => setViewing(null), [chat.state.activeId]);

  const submitToken = (value: string) => {
    saveToken(value);
    setToken(value);
    tokenRef.current = value; // before reconnect(), which reads it in the same tick
    setHttpUnauthorized(false);
    chat.reconnect();
  };
  const onUnauthorized = useCallback(() => setHttpUnauthorized(true), []);
  const closeViewer = useCallback(() => setViewing(null), []);

  const exportConversation = () => {
    if (!active) return;
    const now = new Date();
    downloadText(exportFileName(active, now), conversationToMarkdown(active, now));
  };

  // On narrow screens the sidebar is a drawer: choosing something in it closes it.
  const startNew = () => {
    chat.newConversation();
    setSidebarOpen(false);
  };
  const openConversation = (conversationId: string) => {
    chat.select(conversationId);
    setSidebarOpen(false);
  };

  return (
    <div className={`app${viewing ? " has-viewer" : ""}${sidebarOpen ? " sidebar-open" : ""}`}>
      <Sidebar
        conversations={chat.state.conversations}
        activeId={chat.state.activeId}
        onNew={startNew}
        onSelect={openConversation}
        onDelete={chat.remove}
      />
      <div className="sidebar-scrim" onClick={() => setSidebarOpen(false)} aria-hidden="true" />
      <main className="main">
        <header className="topbar">
          <button type="button" className="icon-button menu-button" aria-label="打开对话列表" aria-expanded={sidebarOpen} onClick={() => setSidebarOpen(true)}>
            <MenuIcon />
          </button>
          <h1 className="topbar-title" data-testid="conversation-title">
            {active?.title ?? "新对话"}
          </h1>
          <ConnectionBadge state={chat.connection} />
          <button type="button" className="icon-button mobile-only" aria-label="新对话" onClick={chat.newConversation}>
            <PlusIcon />
          </button>
          <button type="button" className="icon-button" data-testid="export-conversation" aria-label="导出对话为 Markdown 文件" title="导出为 Markdown" disabled={!active} onClick={exportConversation}>
            <DownloadIcon />
          </button>
        </header>
        {active ? (
          <Thread
            conversation={active}
            activeCitationKey={viewing ? citationKey(viewing) : undefined}
            onOpenCitation={setViewing}
            onRetry={chat.retry}
            onDiscard={chat.discard}
          />
        ) : (
          <div className="thread">
            <EmptyState articleCount={articleCount} onAsk={chat.ask} />
          </div>
        )}
        <Composer
          streaming={pendingTurn !== undefined}
          disconnected={chat.connection !== "connected"}
          onSend={chat.ask}
          onStop={() => pendingTurn && chat.cancel(pendingTurn.id)}
          focusKey={chat.state.activeId ?? "new"}
        />
      </main>
      {viewing && <SourceViewer citation={viewing} token={token} onClose={closeViewer} onUnauthorized={onUnauthorized} />}
      {needsToken && <TokenDialog hadToken={token !== undefined} onSubmit={submitToken} />}
    </div>
  );
}
