// The page: sidebar with history, the conversation (or the starter screen), the
// composer, and the source viewer. State lives in the hooks; this file lays out.
import { useState } from "react";
import { useAnswerToolsValue } from "./hooks/use-answer-tools.js";
import { useAccessToken, type AccessToken } from "./hooks/use-access-token.js";
import { useArticleCount } from "./hooks/use-article-count.js";
import { useBriefing } from "./hooks/use-briefing.js";
import { useSavedBriefings } from "./hooks/use-saved-briefings.js";
import { useChat, type ChatController } from "./hooks/use-chat.js";
import { useScope } from "./hooks/use-scope.js";
import { useSourceViewer } from "./hooks/use-source-viewer.js";
import { useTopicCarry } from "./hooks/use-topic-carry.js";
import { HistoryDrawer } from "./components/history-drawer.js";
import { ModeContent } from "./components/mode-content.js";
import type { Mode } from "./components/mode-switch.js";
import { SourceViewer } from "./components/source-viewer.js";
import { TokenDialog } from "./components/token-dialog.js";
import { TopBar } from "./components/top-bar.js";

export function App() {
  const auth = useAccessToken();
  const { token } = auth;
  const chat = useChat(auth.getToken);
  const [mode, setMode] = useState<Mode>("chat");
  const briefing = useBriefing(auth.getToken, mode === "briefing");
  const connected = chat.connection === "connected";
  const { articleCount, setArticleCount } = useArticleCount(token, connected, auth.onUnauthorized);
  // The picker's options follow the corpus: an upload or a deletion changes the article count.
  const scope = useScope(token, connected, articleCount);
  const savedBriefings = useSavedBriefings(token, briefing, connected);
  const viewer = useSourceViewer(`${chat.state.activeId ?? ""}|${mode}`);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const active = chat.state.conversations.find((c) => c.id === chat.state.activeId);
  const answerTools = useAnswerToolsValue({ token, connected, chat, active, scope, savedBriefings });
  const { switchMode, ...composer } = useTopicCarry(mode, setMode, briefing, active?.turns.at(-1)?.question);

  const pageClasses = ["app", viewer.viewing && "has-viewer", sidebarOpen && "sidebar-open"];
  return (
    <div className={[...pageClasses, mode === "briefing" && "mode-briefing"].filter(Boolean).join(" ")}>
      <SkipLink briefing={mode === "briefing"} />
      <HistoryDrawer
        chat={chat}
        savedBriefings={savedBriefings}
        openBriefingId={mode === "briefing" ? briefing.state.savedId : undefined}
        onShowChat={() => switchMode("chat")}
        onShowBriefing={() => setMode("briefing")}
        onClose={() => setSidebarOpen(false)}
      />
      <main className="main">
        <TopBar
          mode={mode}
          onModeChange={switchMode}
          conversation={active}
          connection={chat.connection}
          sidebarOpen={sidebarOpen}
          onOpenSidebar={() => setSidebarOpen(true)}
          onNewConversation={chat.newConversation}
        />
        <ModeContent
          {...{ mode, token, chat, active, briefing, savedBriefings, scope, viewer, answerTools, composer }}
          articleCount={articleCount}
          onArticleCount={setArticleCount}
          onUnauthorized={auth.onUnauthorized}
          onOpenLibrary={() => switchMode("library")}
        />
      </main>
      {viewer.viewing && (
        <SourceViewer
          citation={viewer.viewing}
          token={token}
          onClose={viewer.close}
          onUnauthorized={auth.onUnauthorized}
          onScopeToArticle={(citation) => scope.setArticle(citation.docId, citation.title)}
        />
      )}
      <AccessTokenPrompt auth={auth} chat={chat} />
    </div>
  );
}

/** For keyboard users: straight to the box where the question (or the briefing topic) is typed. */
function SkipLink({ briefing }: { briefing: boolean }) {
  return (
    <a className="skip-link" href={briefing ? "#briefing-topic" : "#question-input"} data-testid="skip-link">
      {briefing ? "跳到简报主题" : "跳到提问框"}
    </a>
  );
}

/** Asks for the access token when the socket or an HTTP call was refused, then connects again with it. */
function AccessTokenPrompt({ auth, chat }: { auth: AccessToken; chat: ChatController }) {
  if (chat.connection !== "unauthorized" && !auth.httpUnauthorized) return null;
  const submit = (value: string) => {
    auth.accept(value);
    chat.reconnect();
  };
  return <TokenDialog hadToken={auth.token !== undefined} onSubmit={submit} />;
}
