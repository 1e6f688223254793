// Conversation history kept in this browser: new, switch, delete (with a second
// click to confirm, since there is no undo).
import { useState, type ReactNode } from "react";
import { sortedConversations, type Conversation } from "../lib/chat-model.js";
import { PlusIcon, TrashIcon } from "./icons.js";

interface SidebarProps {
  conversations: Conversation[];
  activeId: string | null;
  onNew: () => void;
  onSelect: (conversationId: string) => void;
  onDelete: (conversationId: string) => void;
  /** More lists under the conversations (the saved briefings). */
  extra?: ReactNode;
}

export function Sidebar({ conversations, activeId, onNew, onSelect, onDelete, extra }: SidebarProps) {
  const [confirmingId, setConfirmingId] = useState<string | null>(null);
  const sorted = sortedConversations(conversations);
  return (
    <nav className="sidebar" aria-label="对话列表" data-testid="sidebar">
      <div className="sidebar-brand">
        <span className="brand-mark" aria-hidden="true">
          问
        </span>
        <span className="brand-name">新闻问答助手</span>
      </div>
      <button type="button" className="new-chat" data-testid="new-conversation" onClick={onNew}>
        <PlusIcon size={16} /> 新对话
      </button>
      <h2 className="sidebar-heading">历史对话</h2>
      {sorted.length === 0 ? (
        <p className="sidebar-empty">还没有对话。提出的问题会保存在本浏览器中。</p>
      ) : (
        <ul className="history" data-testid="history">
          {sorted.map((conversation) => (
            <HistoryItem
              key={conversation.id}
              conversation={conversation}
              active={conversation.id === activeId}
              confirming={confirmingId === conversation.id}
              onSelect={() => {
                setConfirmingId(null);
                onSelect(conversation.id);
              }}
              onAskConfirm={() => setConfirmingId(conversation.id)}
              onCancelConfirm={() => setConfirmingId(null)}
              onDelete={() => onDelete(conversation.id)}
            />
          ))}
        </ul>
      )}
      {extra}
      <p className="sidebar-foot">回答仅依据已收录的新闻报道，并标注出处。</p>
    </nav>
  );
}

interface HistoryItemProps {
  conversation: Conversation;
  active: boolean;
  confirming: boolean;
  onSelect: () => void;
  onAskConfirm: () => void;
  onCancelConfirm: () => void;
  onDelete: () => void;
}

function HistoryItem({ conversation, active, confirming, onSelect, ...deletion }: HistoryItemProps) {
  return (
    <li className={`history-item${active ? " is-active" : ""}`}>
      <button
        type="button"
        className="history-open"
        data-testid="history-item"
        aria-current={active ? "page" : undefined}
        title={conversation.title}
        onClick={onSelect}
      >
        {conversation.title}
      </button>
      {confirming ? (
        <button
          type="button"
          className="history-confirm"
          data-testid="confirm-delete"
          aria-label={`确认删除对话：${conversation.title}`}
          // Focused so that clicking or tabbing anywhere else cancels the deletion.
          autoFocus
          onClick={deletion.onDelete}
          onBlur={deletion.onCancelConfirm}
        >
          删除
        </button>
      ) : (
        <button
          type="button"
          className="icon-button small history-delete"
          data-testid="delete-conversation"
          aria-label={`删除对话：${conversation.title}`}
          onClick={deletion.onAskConfirm}
        >
          <TrashIcon size={15} />
        </button>
      )}
    </li>
  );
}
