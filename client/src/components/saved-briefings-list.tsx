// The saved briefings, listed in the sidebar under the conversations: open one
// (it reopens in the 简报 mode as it was saved), or delete it (second click).
import { useState } from "react";
import type { SavedBriefingSummary } from "../../../server/protocol.js";
import { TrashIcon } from "./icons.js";

interface SavedBriefingsListProps {
  briefings: SavedBriefingSummary[];
  activeId: string | undefined;
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
}

export function SavedBriefingsList({ briefings, activeId, onOpen, onDelete }: SavedBriefingsListProps) {
  const [confirmingId, setConfirmingId] = useState<string | null>(null);
  return (
    <section className="saved-briefings" aria-label="已保存的简报">
      <h2 className="sidebar-heading">简报</h2>
      {briefings.length === 0 ? (
        <p className="sidebar-empty">生成的简报会保存在这里。</p>
      ) : (
        <ul className="history saved-briefing-list" data-testid="saved-briefings">
          {briefings.map((briefing) => (
            <li key={briefing.id} className={`history-item${briefing.id === activeId ? " is-active" : ""}`}>
              <button
                type="button"
                className="history-open"
                data-testid="saved-briefing"
                title={briefing.title}
                aria-current={briefing.id === activeId ? "page" : undefined}
                onClick={() => onOpen(briefing.id)}
              >
                {briefing.title}
                <span className="saved-briefing-meta"> · {briefing.points} 条</span>
              </button>
              {confirmingId === briefing.id ? (
                <button
                  type="button"
                  className="history-confirm"
                  aria-label={`确认删除简报：${briefing.title}`}
                  autoFocus
                  onClick={() => onDelete(briefing.id)}
                  onBlur={() => setConfirmingId(null)}
                >
                  删除
                </button>
              ) : (
                <button
                  type="button"
                  className="icon-button small history-delete"
                  aria-label={`删除简报：${briefing.title}`}
                  onClick={() => setConfirmingId(briefing.id)}
                >
                  <TrashIcon size={15} />
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
