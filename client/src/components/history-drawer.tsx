// The sidebar with the conversations and the saved briefings. On narrow screens it is a
// drawer: choosing something in it closes it, and so does a tap on the scrim.
import type { ChatController } from "../hooks/use-chat.js";
import type { SavedBriefings } from "../hooks/use-saved-briefings.js";
import { SavedBriefingsList } from "./saved-briefings-list.js";
import { Sidebar } from "./sidebar.js";

interface HistoryDrawerProps {
  chat: ChatController;
  savedBriefings: SavedBriefings;
  /** The saved briefing on screen (briefing mode only), marked in the list. */
  openBriefingId: string | undefined;
  /** Show the chat mode (after a new or another conversation was chosen). */
  onShowChat: () => void;
  /** Show the briefing mode (once a saved briefing has opened). */
  onShowBriefing: () => void;
  onClose: () => void;
}

export function HistoryDrawer({ chat, savedBriefings, openBriefingId, ...show }: HistoryDrawerProps) {
  const startNew = () => {
    chat.newConversation();
    show.onShowChat();
    show.onClose();
  };
  const openConversation = (conversationId: string) => {
    chat.select(conversationId);
    show.onShowChat();
    show.onClose();
  };
  const openSavedBriefing = (id: string) => {
    void savedBriefings.open(id).then(show.onShowBriefing);
    show.onClose();
  };
  return (
    <>
      <Sidebar
        conversations={chat.state.conversations}
        activeId={chat.state.activeId}
        onNew={startNew}
        onSelect={openConversation}
        onDelete={chat.remove}
        extra={
          <SavedBriefingsList
            briefings={savedBriefings.briefings}
            activeId={openBriefingId}
            onOpen={openSavedBriefing}
            onDelete={(id) => void savedBriefings.remove(id)}
          />
        }
      />
      <div className="sidebar-scrim" onClick={show.onClose} aria-hidden="true" />
    </>
  );
}
