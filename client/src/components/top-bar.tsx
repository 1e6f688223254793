// The header: the drawer button (narrow screens), the mode switch, the title, the connection,
// and in chat mode a new conversation and the exports.
import type { Conversation } from "../lib/chat-model.js";
import { conversationToMarkdown, exportFileName } from "../lib/markdown-export.js";
import { downloadText } from "../lib/browser-actions.js";
import type { ConnectionState } from "../net/chat-socket.js";
import { ConnectionBadge } from "./connection-badge.js";
import { ConversationDocxButton } from "./conversation-docx-button.js";
import { DownloadIcon, MenuIcon, PlusIcon } from "./icons.js";
import { ModeSwitch, MODE_TITLES, type Mode } from "./mode-switch.js";

interface TopBarProps {
  mode: Mode;
  onModeChange: (mode: Mode) => void;
  /** The open conversation, if any (chat mode titles and exports it). */
  conversation: Conversation | undefined;
  connection: ConnectionState;
  sidebarOpen: boolean;
  onOpenSidebar: () => void;
  onNewConversation: () => void;
}

export function TopBar({ mode, onModeChange, conversation, connection, sidebarOpen, ...actions }: TopBarProps) {
  const exportConversation = () => {
    if (!conversation) return;
    const now = new Date();
    downloadText(exportFileName(conversation, now), conversationToMarkdown(conversation, now));
  };
  return (
    <header className="topbar">
      <button
        type="button"
        className="icon-button menu-button"
        aria-label="打开对话列表"
        aria-expanded={sidebarOpen}
        onClick={actions.onOpenSidebar}
      >
        <MenuIcon />
      </button>
      <ModeSwitch mode={mode} onChange={onModeChange} />
      <h1 className="topbar-title" data-testid="conversation-title">
        {mode === "chat" ? (conversation?.title ?? "新对话") : MODE_TITLES[mode]}
      </h1>
      <ConnectionBadge state={connection} />
      {mode === "chat" && (
        <>
          <button
            type="button"
            className="icon-button mobile-only"
            aria-label="新对话"
            onClick={actions.onNewConversation}
          >
            <PlusIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            data-testid="export-conversation"
            aria-label="导出对话为 Markdown 文件"
            title="导出为 Markdown"
            disabled={!conversation}
            onClick={exportConversation}
          >
            <DownloadIcon />
          </button>
          <ConversationDocxButton conversation={conversation} />
        </>
      )}
    </header>
  );
}
