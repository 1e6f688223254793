// What the page shows under the header in each mode: the evaluation, the library, the briefing,
// or the chat (the thread or the starter screen, the scope chips and the question box).
import { AnswerToolsContext, type AnswerToolsValue } from "../context/answer-tools.js";
import type { BriefingController } from "../hooks/use-briefing.js";
import type { ChatController } from "../hooks/use-chat.js";
import type { SavedBriefings } from "../hooks/use-saved-briefings.js";
import type { ScopeController } from "../hooks/use-scope.js";
import type { SourceViewerState } from "../hooks/use-source-viewer.js";
import { isPending, type Conversation } from "../lib/chat-model.js";
import { BriefingView } from "./briefing-view.js";
import { Composer } from "./composer.js";
import { EmptyState } from "./empty-state.js";
import { EvalView } from "./eval-view.js";
import { LibraryView } from "./library-view.js";
import type { Mode } from "./mode-switch.js";
import { ScopeBar } from "./scope-bar.js";
import { citationKey } from "./sources-list.js";
import { Thread } from "./thread.js";

export interface ModeContentProps {
  mode: Mode;
  token: string | undefined;
  chat: ChatController;
  /** The open conversation; none → the starter screen. */
  active: Conversation | undefined;
  briefing: BriefingController;
  savedBriefings: SavedBriefings;
  scope: ScopeController;
  viewer: SourceViewerState;
  answerTools: AnswerToolsValue;
  articleCount: number | undefined;
  onArticleCount: (count: number) => void;
  onUnauthorized: () => void;
  onOpenLibrary: () => void;
  /** Keeps the question being typed across mode switches, and offers a briefing's topic back. */
  composer: { prefill?: { text: string; key: number }; onDraftChange: (text: string) => void };
}

export function ModeContent(props: ModeContentProps) {
  const { mode, token, scope, viewer } = props;
  if (mode === "evaluate") return <EvalView token={token} scope={scope.active} onOpenCitation={viewer.open} />;
  if (mode === "library") {
    return (
      <LibraryView
        token={token}
        onOpenArticle={viewer.openArticle}
        onUnauthorized={props.onUnauthorized}
        onArticleCount={props.onArticleCount}
      />
    );
  }
  if (mode === "briefing") return <BriefingPane {...props} />;
  return <ChatPane {...props} />;
}

function BriefingPane({ briefing, savedBriefings, scope, viewer, chat }: ModeContentProps) {
  return (
    <BriefingView
      key={briefing.state.savedId ?? "new"}
      state={briefing.state}
      disconnected={chat.connection !== "connected"}
      activeCitationKey={viewer.viewing ? citationKey(viewer.viewing) : undefined}
      onBrief={(topic) => briefing.brief(topic, scope.active)}
      onCancel={briefing.cancel}
      onRename={briefing.rename}
      onOpenCitation={viewer.open}
      onTopicChange={(topic) => briefing.dispatch({ type: "topic", topic })}
      onEditPoints={(points) => void savedBriefings.editPoints(points)}
      saveError={savedBriefings.error}
      scopeBar={<ScopeBar scope={scope} />}
    />
  );
}

function ChatPane(props: ModeContentProps) {
  const { chat, active, scope, viewer, answerTools, articleCount, onOpenLibrary, composer } = props;
  const pendingTurn = active?.turns.find(isPending);
  return (
    <>
      {active ? (
        <AnswerToolsContext.Provider value={answerTools}>
          <Thread
            conversation={active}
            activeCitationKey={viewer.viewing ? citationKey(viewer.viewing) : undefined}
            onOpenCitation={viewer.open}
            onRetry={chat.retry}
            onDiscard={chat.discard}
            onHoldRetry={chat.holdRetry}
          />
        </AnswerToolsContext.Provider>
      ) : (
        <div className="thread">
          <EmptyState articleCount={articleCount} onAsk={answerTools.ask} onOpenLibrary={onOpenLibrary} />
        </div>
      )}
      <ScopeBar scope={scope} />
      <Composer
        streaming={pendingTurn !== undefined}
        disconnected={chat.connection !== "connected"}
        onSend={answerTools.ask}
        onStop={() => pendingTurn && chat.cancel(pendingTurn.id)}
        focusKey={chat.state.activeId ?? "new"}
        onDraftChange={composer.onDraftChange}
        prefill={composer.prefill}
      />
    </>
  );
}
