// The page: sidebar with history, the conversation (or the starter screen), the
// composer, and the source viewer. State lives in useChat; this file lays out.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Citation } from "../../server/protocol.js";
import { AnswerToolsContext } from "./context/answer-tools.js";
import { useAnswerToolsValue } from "./hooks/use-answer-tools.js";
import { useBriefing } from "./hooks/use-briefing.js";
import { useSavedBriefings } from "./hooks/use-saved-briefings.js";
import { useChat } from "./hooks/use-chat.js";
import { useLatest } from "./hooks/use-latest.js";
import { useReturnFocus } from "./hooks/use-return-focus.js";
import { useScope } from "./hooks/use-scope.js";
import { fetchHealth, UnauthorizedError } from "./net/api.js";
import { isPending } from "./lib/chat-model.js";
import { conversationToMarkdown, exportFileName } from "./lib/markdown-export.js";
import { downloadText } from "./lib/browser-actions.js";
import { loadToken, saveToken } from "./lib/storage.js";
import { ConnectionBadge } from "./components/connection-badge.js";
import { ConversationDocxButton } from "./components/conversation-docx-button.js";
import { BriefingView } from "./components/briefing-view.js";
import { Composer } from "./components/composer.js";
import { EmptyState } from "./components/empty-state.js";
import { EvalView } from "./components/eval-view.js";
import { LibraryView, type ArticleRef } from "./components/library-view.js";
import { ModeSwitch, MODE_TITLES, type Mode } from "./components/mode-switch.js";
import { SavedBriefingsList } from "./components/saved-briefings-list.js";
import { ScopeBar } from "./components/scope-bar.js";
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
  const [mode, setModeState] = useState<Mode>("chat");
  const briefing = useBriefing(getToken, mode === "briefing");
  const connected = chat.connection === "connected";
  const [articleCount, setArticleCount] = useState<number>();
  // The picker's options follow the corpus: an upload or a deletion changes the article count.
  const scope = useScope(token, connected, articleCount);
  const savedBriefings = useSavedBriefings(token, briefing, connected);
  const focusReturn = useReturnFocus();
  const draft = useRef("");
  const [composerPrefill, setComposerPrefill] = useState<{ text: string; key: number }>();
  // The open source belongs to the conversation (or the briefing) it was opened from:
  // switching either hides it.
  const viewContext = `${chat.state.activeId ?? ""}|${mode}`;
  const [opened, setOpened] = useState<{ citation: Citation; context: string } | null>(null);
  const viewing = opened?.context === viewContext ? opened.citation : null;
  const setViewing = useCallback((citation: Citation) => {
    focusReturn.remember();
    setOpened({ citation, context: viewContext });
  }, [viewContext, focusReturn]);
  const [sidebarOpen, setSidebarOpen] = useState(false);

  const active = chat.state.conversations.find((c) => c.id === chat.state.activeId);
  const pendingTurn = active?.turns.find(isPending);
  const needsToken = chat.connection === "unauthorized" || httpUnauthorized;
  const answerTools = useAnswerToolsValue({ token, connected, chat, active, scope, savedBriefings });

  // Switching modes keeps the topic: the question being typed (or the last one asked) becomes the
  // briefing topic, and a briefing's topic is offered back to an empty composer.
  const setMode = (next: Mode) => {
    if (next === "briefing" && mode === "chat" && briefing.state.status === "idle" && briefing.state.topic === "") {
      const carried = draft.current.trim() || active?.turns.at(-1)?.question || "";
      if (carried) briefing.dispatch({ type: "topic", topic: carried });
    }
    if (next === "chat" && mode === "briefing" && draft.current.trim() === "" && briefing.state.topic) {
      setComposerPrefill({ text: briefing.state.topic, key: Date.now() });
    }
    setModeState(next);
  };

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
  const closeViewer = useCallback(() => {
    setOpened(null);
    focusReturn.restore();
  }, [focusReturn]);
  // An article opened from the library: the viewer shows it whole, with nothing highlighted.
  const openArticle = useCallback((article: ArticleRef) => setViewing(articleCitation(article)), [setViewing]);

  const exportConversation = () => {
    if (!active) return;
    const now = new Date();
    downloadText(exportFileName(active, now), conversationToMarkdown(active, now));
  };
  const openSavedBriefing = (id: string) => {
    void savedBriefings.open(id).then(() => setModeState("briefing"));
    setSidebarOpen(false);
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
      <a
        className="skip-link"
        href={mode === "briefing" ? "#briefing-topic" : "#question-input"}
        data-testid="skip-link"
      >
        {mode === "briefing" ? "跳到简报主题" : "跳到提问框"}
      </a>
      <Sidebar
        conversations={chat.state.conversations}
        activeId={chat.state.activeId}
        onNew={startNew}
        onSelect={openConversation}
        onDelete={chat.remove}
        extra={
          <SavedBriefingsList
            briefings={savedBriefings.briefings}
            activeId={mode === "briefing" ? briefing.state.savedId : undefined}
            onOpen={openSavedBriefing}
            onDelete={(id) => void savedBriefings.remove(id)}
          />
        }
      />
      <div className="sidebar-scrim" onClick={() => setSidebarOpen(false)} aria-hidden="true" />
      <main className="main">
        <header className="topbar">
          <button type="button" className="icon-button menu-button" aria-label="打开对话列表" aria-expanded={sidebarOpen} onClick={() => setSidebarOpen(true)}>
            <MenuIcon />
          </button>
          <ModeSwitch mode={mode} onChange={setMode} />
          <h1 className="topbar-title" data-testid="conversation-title">
            {mode === "chat" ? (active?.title ?? "新对话") : MODE_TITLES[mode]}
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
              <ConversationDocxButton conversation={active} />
            </>
          )}
        </header>
        {mode === "evaluate" ? (
          <EvalView token={token} scope={scope.active} onOpenCitation={setViewing} />
        ) : mode === "library" ? (
          <LibraryView
            token={token}
            onOpenArticle={openArticle}
            onUnauthorized={onUnauthorized}
            onArticleCount={setArticleCount}
          />
        ) : mode === "briefing" ? (
          <BriefingView
            key={briefing.state.savedId ?? "new"}
            state={briefing.state}
            disconnected={chat.connection !== "connected"}
            activeCitationKey={viewing ? citationKey(viewing) : undefined}
            onBrief={(topic) => briefing.brief(topic, scope.active)}
            onCancel={briefing.cancel}
            onRename={briefing.rename}
            onOpenCitation={setViewing}
            onTopicChange={(topic) => briefing.dispatch({ type: "topic", topic })}
            onEditPoints={(points) => void savedBriefings.editPoints(points)}
            saveError={savedBriefings.error}
            scopeBar={<ScopeBar scope={scope} />}
          />
        ) : active ? (
          <AnswerToolsContext.Provider value={answerTools}>
            <Thread
              conversation={active}
              activeCitationKey={viewing ? citationKey(viewing) : undefined}
              onOpenCitation={setViewing}
              onRetry={chat.retry}
              onDiscard={chat.discard}
            />
          </AnswerToolsContext.Provider>
        ) : (
          <div className="thread">
            <EmptyState articleCount={articleCount} onAsk={answerTools.ask} onOpenLibrary={() => setMode("library")} />
          </div>
        )}
        {mode === "chat" && <ScopeBar scope={scope} />}
        {mode === "chat" && (
          <Composer
            streaming={pendingTurn !== undefined}
            disconnected={chat.connection !== "connected"}
            onSend={answerTools.ask}
            onStop={() => pendingTurn && chat.cancel(pendingTurn.id)}
            focusKey={chat.state.activeId ?? "new"}
            onDraftChange={(text) => (draft.current = text)}
            prefill={composerPrefill}
          />
        )}
      </main>
      {viewing && (
        <SourceViewer
          citation={viewing}
          token={token}
          onClose={closeViewer}
          onUnauthorized={onUnauthorized}
          onScopeToArticle={(citation) => scope.setArticle(citation.docId, citation.title)}
        />
      )}
      {needsToken && <TokenDialog hadToken={token !== undefined} onSubmit={submitToken} />}
    </div>
  );
}
