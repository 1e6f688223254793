// One key point of a briefing. A saved briefing's points can be moved, removed
// and rewritten; a rewritten point keeps its citations (the server adds its
// markers back) and says so with an "已编辑" mark.
import { useState, type FormEvent } from "react";
import type { Citation } from "../../../server/protocol.js";
import type { ShownPoint } from "../lib/briefing-reducer.js";
import { stripCitationMarkers } from "../lib/citation-segments.js";
import { AnswerText } from "./answer-text.js";
import { ArrowDownIcon, ArrowUpIcon, EditIcon, TrashIcon } from "./icons.js";

interface BriefingPointItemProps {
  point: ShownPoint;
  index: number;
  count: number;
  citations: Citation[];
  /** Absent while the briefing is not saved yet (or still building). */
  onEdit?: { move: (by: -1 | 1) => void; remove: () => void; rewrite: (text: string) => void };
  onOpenCitation: (citation: Citation) => void;
}

export function BriefingPointItem({ point, index, count, citations, onEdit, onOpenCitation }: BriefingPointItemProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (draft && draft.trim() !== "") onEdit?.rewrite(draft);
    setDraft(null);
  };
  return (
    <li className="briefing-point" data-testid="briefing-point" data-edited={point.edited ? "true" : undefined}>
      {draft === null ? (
        <>
          <AnswerText answer={point.text} citations={citations} streaming={false} onOpenCitation={onOpenCitation} />
          {point.edited && (
            <span
              className="edited-mark"
              data-testid="point-edited"
              title={point.originalText ? `原文：${stripCitationMarkers(point.originalText)}` : undefined}
            >
              已编辑
            </span>
          )}
          {point.fromAnswerId && <span className="edited-mark">来自问答</span>}
        </>
      ) : (
        <form className="point-editor" onSubmit={save} aria-label={`改写要点 ${index + 1}`}>
          <textarea
            className="point-edit"
            data-testid="point-edit"
            aria-label={`要点 ${index + 1}`}
            autoFocus
            rows={3}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <div className="question-edit-actions">
            <button
              type="submit"
              className="text-button primary"
              data-testid="point-save"
              disabled={draft.trim() === ""}
            >
              保存
            </button>
            <button type="button" className="text-button" onClick={() => setDraft(null)}>
              取消
            </button>
          </div>
        </form>
      )}
      {onEdit && draft === null && (
        <PointTools
          index={index}
          count={count}
          onEdit={onEdit}
          onRewrite={() => setDraft(stripCitationMarkers(point.text))}
        />
      )}
    </li>
  );
}

interface PointToolsProps {
  index: number;
  count: number;
  onEdit: NonNullable<BriefingPointItemProps["onEdit"]>;
  onRewrite: () => void;
}

function PointTools({ index, count, onEdit, onRewrite }: PointToolsProps) {
  return (
    <span className="point-tools" role="group" aria-label={`要点 ${index + 1} 的操作`}>
      <button
        type="button"
        className="icon-button small"
        data-testid="point-up"
        aria-label="上移"
        disabled={index === 0}
        onClick={() => onEdit.move(-1)}
      >
        <ArrowUpIcon size={14} />
      </button>
      <button
        type="button"
        className="icon-button small"
        data-testid="point-down"
        aria-label="下移"
        disabled={index === count - 1}
        onClick={() => onEdit.move(1)}
      >
        <ArrowDownIcon size={14} />
      </button>
      <button
        type="button"
        className="icon-button small"
        data-testid="point-rewrite"
        aria-label="改写"
        onClick={onRewrite}
      >
        <EditIcon size={14} />
      </button>
      <button
        type="button"
        className="icon-button small"
        data-testid="point-remove"
        aria-label="删除要点"
        onClick={onEdit.remove}
      >
        <TrashIcon size={14} />
      </button>
    </span>
  );
}
