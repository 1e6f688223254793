// The page: sidebar with history, the conversation (or the starter screen), the
// composer, and the source viewer. State lives in useChat; this file lays out.
import { useCallback, useEffect, useState } from "react";
import type { Citation } from "../../server/protocol.js";
import { useBriefing } from "./hooks/use-briefing.js";
import { useChat } from "./hooks/use-chat.js";
import { useLatest } from "./hooks/use-latest.js";
import { fetchHealth, UnauthorizedError } from "./net/api.js";
import { isPending } from "./lib/chat-model.js";
import { conversationToMarkdown, exportFileName } from "./lib/markdown-export.js";
import { downloadText } from "./lib/browser-actions.js";
import { loadToken, saveToken } from "./lib/storage.js";
import { ConnectionBadge } from "./components/connection-badge.js";
import { BriefingView } from "./components/briefing-view.js";
import { Composer } from "./components/composer.js";
import { LibraryView, type ArticleRef } from "./components/library-view.js";
import { EmptyState } from "./components/empty-state.js";
import { DownloadIcon, MenuIcon, PlusIcon } from "./components/icons.js";
import { Sidebar } from "./components/sidebar.js";
import { SourceViewer } from "./components/source-viewer.js";
import { articleCitation, citationKey } from "./components/sources-list.js";
import { Thread } from "./components/thread.js";
import { TokenDialog } from "./components/token-dialog.js";

export function App() {
  const [token, setToken] = useState(loadToken);
  const [httpUnauthorized, setHttpUnauthorized] = useState(false);
  // Read through a ref so the socket's next handshake uses the token just entered,
  // even where localStorage is unavailable.
  const tokenRef = useLatest(token);
  const getToken = useCallback(() => tokenRef.current, [tokenRef]);
  const chat = useChat(getToken);
  // 简报 is a second mode of the same page: the sidebar, the viewer and the token stay shared.
  const [mode, setMode] = useState<"chat" | "briefing" | "library">("chat");
  const briefing = useBriefing(getToken, mode === "briefing");
  // The open source belongs to the conversation (or the briefing) it was opened from:
  // switching either hides it.
  const viewContext = `${chat.state.activeId ?? ""}|${mode}`;
  const [opened, setOpened] = useState<{ citation: Citation; context: string } | null>(null);
  const viewing = opened?.context === viewContext ? opened.citation : null;
  const setViewing = useCallback((citation: Citation) => setOpened({ citation, context: viewContext }), [viewContext]);
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


  const submitToken = (value: string) => {
    saveToken(value);
    setToken(value);
    tokenRef.current = value; // before reconnect(), which reads it in the same tick
    setHttpUnauthorized(false);
    chat.reconnect();
  };
  const onUnauthorized = useCallback(() => setHttpUnauthorized(true), []);
  const closeViewer = useCallback(() => setOpened(null), []);
  // An article opened from the library: the viewer shows it whole, with nothing highlighted.
  const openArticle = useCallback((article: ArticleRef) => setViewing(articleCitation(article)), [setViewing]);

  const exportConversation = () => {
    if (!active) return;
    const now = new Date();
    downloadText(exportFileName(active, now), conversationToMarkdown(active, now));
  };

  // On narrow screens the sidebar is a drawer: choosing something in it closes it.
  const startNew = () => {
    chat.newConversation();
    setMode("chat");
    setSidebarOpen(false);
  };
  const openConversation = (conversationId: string) => {
    chat.select(conversationId);
    setMode("chat");
    setSidebarOpen(false);
  };

  return (
    <div className={`app${viewing ? " has-viewer" : ""}${sidebarOpen ? " sidebar-open" : ""}${mode === "briefing" ? " mode-briefing" : ""}`}>
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
          <div className="mode-switch" role="group" aria-label="模式">
            <button type="button" className="mode-button" data-testid="mode-chat" aria-pressed={mode === "chat"} onClick={() => setMode("chat")}>
              对话
            </button>
            <button type="button" className="mode-button" data-testid="mode-briefing" aria-pressed={mode === "briefing"} onClick={() => setMode("briefing")}>
              简报
            </button>
            <button
              type="button"
              className="mode-button"
              data-testid="mode-library"
              aria-pressed={mode === "library"}
              onClick={() => setMode("library")}
            >
              资料库
            </button>
          </div>
          <h1 className="topbar-title" data-testid="conversation-title">
            {mode === "briefing" ? "主题简报" : mode === "library" ? "资料库" : (active?.title ?? "新对话")}
          </h1>
          <ConnectionBadge state={chat.connection} />
          {mode === "chat" && (
            <>
              <button type="button" className="icon-button mobile-only" aria-label="新对话" onClick={chat.newConversation}>
                <PlusIcon />
              </button>
              <button type="button" className="icon-button" data-testid="export-conversation" aria-label="导出对话为 Markdown 文件" title="导出为 Markdown" disabled={!active} onClick={exportConversation}>
                <DownloadIcon />
              </button>
            </>
          )}
        </header>
        {mode === "library" ? (
          <LibraryView
            token={token}
            onOpenArticle={openArticle}
            onUnauthorized={onUnauthorized}
            onArticleCount={setArticleCount}
          />
        ) : mode === "briefing" ? (
          <BriefingView
            state={briefing.state}
            disconnected={chat.connection !== "connected"}
            activeCitationKey={viewing ? citationKey(viewing) : undefined}
            onBrief={briefing.brief}
            onCancel={briefing.cancel}
            onRename={briefing.rename}
            onOpenCitation={setViewing}
          />
        ) : active ? (
          <Thread
            conversation={active}
            activeCitationKey={viewing ? citationKey(viewing) : undefined}
            onOpenCitation={setViewing}
            onRetry={chat.retry}
            onDiscard={chat.discard}
          />
        ) : (
          <div className="thread">
            <EmptyState articleCount={articleCount} onAsk={chat.ask} onOpenLibrary={() => setMode("library")} />
          </div>
        )}
        {mode === "chat" && (
          <Composer
            streaming={pendingTurn !== undefined}
            disconnected={chat.connection !== "connected"}
            onSend={chat.ask}
            onStop={() => pendingTurn && chat.cancel(pendingTurn.id)}
            focusKey={chat.state.activeId ?? "new"}
          />
        )}
      </main>
      {viewing && <SourceViewer citation={viewing} token={token} onClose={closeViewer} onUnauthorized={onUnauthorized} />}
      {needsToken && <TokenDialog hadToken={token !== undefined} onSubmit={submitToken} />}
    </div>
  );
}
