// The briefing itself: the export toolbar (Markdown, Word, print to PDF) with the save status,
// the editable title, the points (editable once saved), the figures table and the sources.
import type { Citation } from "../../../server/protocol.js";
import { briefingToMarkdown } from "../../../server/markdown/briefing.js";
import { currentBriefing, type BriefingState } from "../lib/briefing-reducer.js";
import { briefingDocxBytes, briefingFileName } from "../lib/briefing-docx.js";
import { movePoint, removePoint, rewritePoint, type PointEdit } from "../lib/briefing-edits.js";
import { downloadBlob, downloadText } from "../lib/browser-actions.js";
import { FiguresTable } from "./briefing-figures.js";
import { BriefingPointItem } from "./briefing-point-item.js";
import { SourcesList } from "./sources-list.js";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

interface BriefingDocumentProps {
  state: BriefingState;
  activeCitationKey?: string;
  onRename: (title: string) => void;
  onOpenCitation: (citation: Citation) => void;
  /** Saved briefings only: keep, order and rewrite points. */
  onEditPoints?: (edit: PointEdit) => void;
  saveError?: string;
  exportError: string | undefined;
  onExportError: (message: string | undefined) => void;
}

export function BriefingDocument(props: BriefingDocumentProps) {
  const { state, activeCitationKey, onRename, onOpenCitation, onEditPoints } = props;
  const running = state.status === "running";
  const editable = state.status === "done" && state.savedId !== undefined && onEditPoints !== undefined;
  const pointEdits = (index: number) =>
    editable && onEditPoints
      ? {
          move: (by: -1 | 1) => onEditPoints(movePoint(state.points, index, by)),
          remove: () => onEditPoints(removePoint(state.points, index)),
          rewrite: (text: string) => onEditPoints(rewritePoint(state.points, index, text)),
        }
      : undefined;
  return (
    <article className="briefing" data-testid="briefing" aria-busy={running}>
      <ExportToolbar state={state} saveError={props.saveError} onExportError={props.onExportError} />
      {props.exportError && (
        <p className="notice notice-refused" role="alert">
          {props.exportError}
        </p>
      )}
      <input
        className="briefing-title"
        data-testid="briefing-title"
        aria-label="简报标题（可编辑）"
        value={state.title}
        onChange={(event) => onRename(event.target.value)}
      />
      <h1 className="print-only briefing-print-title">{state.title}</h1>
      {state.notice && <p className="notice notice-partial">{state.notice}</p>}
      <h2 className="briefing-heading">要点</h2>
      <ol className="briefing-points">
        {state.points.map((point, index) => (
          <BriefingPointItem
            key={point.id ?? index}
            point={point}
            index={index}
            count={state.points.length}
            citations={state.citations}
            onEdit={pointEdits(index)}
            onOpenCitation={onOpenCitation}
          />
        ))}
      </ol>
      {running && <p className="briefing-status">正在整理更多要点…</p>}
      {state.figures.length > 0 && <FiguresTable state={state} onOpenCitation={onOpenCitation} />}
      <SourcesList
        citations={state.citations}
        variant="sources"
        activeKey={activeCitationKey}
        onOpen={onOpenCitation}
      />
    </article>
  );
}

interface ExportToolbarProps {
  state: BriefingState;
  saveError: string | undefined;
  onExportError: (message: string | undefined) => void;
}

function ExportToolbar({ state, saveError, onExportError }: ExportToolbarProps) {
  const running = state.status === "running";
  const exportMarkdown = () =>
    downloadText(
      briefingFileName(state.title, "md"),
      briefingToMarkdown(currentBriefing(state), { generatedAt: new Date() }),
    );
  const exportWord = async () => {
    try {
      onExportError(undefined);
      const bytes = await briefingDocxBytes({ ...currentBriefing(state), points: state.points });
      downloadBlob(briefingFileName(state.title, "docx"), new Blob([bytes], { type: DOCX_TYPE }));
    } catch {
      onExportError("Word 文件生成失败，请改用 Markdown 导出。");
    }
  };
  const button = (testId: string, label: string, onClick: () => void) => (
    <button type="button" className="briefing-button" data-testid={testId} disabled={running} onClick={onClick}>
      {label}
    </button>
  );
  return (
    <div className="briefing-toolbar" role="toolbar" aria-label="导出简报">
      <span className="briefing-saved" data-testid="briefing-saved" role="status">
        {saveError ? <span className="status-error">{saveError}</span> : state.savedId ? "已保存" : ""}
      </span>
      {button("briefing-export-md", "导出 Markdown", exportMarkdown)}
      {button("briefing-export-docx", "导出 Word", () => void exportWord())}
      {button("briefing-print", "打印 / PDF", () => window.print())}
    </div>
  );
}
