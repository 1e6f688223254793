// The 简报 mode: a topic in, the briefing building point by point, then an
// editable title, citation chips that open the source viewer, the figures
// table, the sources, and export (Markdown, Word, print to PDF). All corpus
// text is rendered as React string children: never as HTML.
import { useState, type FormEvent, type ReactNode } from "react";
import type { Citation } from "../../../server/protocol.js";
import { briefingToMarkdown } from "../../../server/markdown/briefing.js";
import { currentBriefing, type BriefingState } from "../lib/briefing-reducer.js";
import { briefingDocxBytes, briefingFileName } from "../lib/briefing-docx.js";
import { downloadBlob, downloadText } from "../lib/browser-actions.js";
import { CLIENT_LIMITS } from "../lib/chat-model.js";
import { movePoint, removePoint, rewritePoint, type PointEdit } from "../lib/briefing-edits.js";
import { BriefingPointItem } from "./briefing-point-item.js";
import { SourcesList } from "./sources-list.js";

const EXAMPLES = ["产业链党建", "省直机关党建成效", "快递进村", "新就业群体"];
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

interface BriefingViewProps {
  state: BriefingState;
  disconnected: boolean;
  activeCitationKey?: string;
  onBrief: (topic: string) => void;
  onCancel: () => void;
  onRename: (title: string) => void;
  onOpenCitation: (citation: Citation) => void;
  /** The topic typed so far, kept by the page across mode switches. */
  onTopicChange?: (topic: string) => void;
  /** Saved briefings only: keep, order and rewrite points. */
  onEditPoints?: (edit: PointEdit) => void;
  saveError?: string;
  /** The scope chips, shown above the topic. */
  scopeBar?: ReactNode;
}

export function BriefingView(props: BriefingViewProps) {
  const { state, disconnected, activeCitationKey, onBrief, onCancel, onRename, onOpenCitation } = props;
  const { onTopicChange, onEditPoints } = props;
  const [topic, setTopic] = useState(state.topic);
  const [exportError, setExportError] = useState<string>();
  const running = state.status === "running";
  const hasBriefing = (state.points.length > 0 || state.savedId !== undefined) && (state.status === "done" || running);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = topic.trim();
    if (trimmed !== "" && !running) onBrief(trimmed);
  };
  const pick = (example: string) => {
    setTopic(example);
    onBrief(example);
  };
  const editable = state.status === "done" && state.savedId !== undefined && onEditPoints !== undefined;
  const pointEdits = (index: number) =>
    editable && onEditPoints
      ? {
          move: (by: -1 | 1) => onEditPoints(movePoint(state.points, index, by)),
          remove: () => onEditPoints(removePoint(state.points, index)),
          rewrite: (text: string) => onEditPoints(rewritePoint(state.points, index, text)),
        }
      : undefined;
  const exportMarkdown = () => downloadText(briefingFileName(state.title, "md"), briefingToMarkdown(currentBriefing(state), { generatedAt: new Date() }));
  const exportWord = async () => {
    try {
      setExportError(undefined);
      const bytes = await briefingDocxBytes({ ...currentBriefing(state), points: state.points });
      downloadBlob(briefingFileName(state.title, "docx"), new Blob([bytes], { type: DOCX_TYPE }));
    } catch {
      setExportError("Word 文件生成失败，请改用 Markdown 导出。");
    }
  };

  return (
    <div className="thread briefing-scroll">
      <div className="thread-inner briefing-inner">
        {props.scopeBar}
        <form className="briefing-form" onSubmit={submit} aria-label="生成简报">
          <label className="briefing-label" htmlFor="briefing-topic">
            简报主题
          </label>
          <div className="briefing-form-row">
            <input
              id="briefing-topic"
              className="briefing-topic"
              data-testid="briefing-topic"
              value={topic}
              maxLength={CLIENT_LIMITS.topicChars}
              placeholder="例如：产业链党建"
              onChange={(event) => {
                setTopic(event.target.value);
                onTopicChange?.(event.target.value);
              }}
            />
            {running ? (
              <button type="button" className="briefing-button" data-testid="briefing-cancel" onClick={onCancel}>
                停止
              </button>
            ) : (
              <button type="submit" className="briefing-button primary" data-testid="briefing-submit" disabled={topic.trim() === "" || disconnected}>
                生成简报
              </button>
            )}
          </div>
          {state.status === "idle" && (
            <div className="briefing-examples" role="group" aria-label="示例主题">
              {EXAMPLES.map((example) => (
                <button key={example} type="button" className="briefing-example" disabled={disconnected} onClick={() => pick(example)}>
                  {example}
                </button>
              ))}
            </div>
          )}
        </form>

        {running && state.points.length === 0 && (
          <p className="briefing-status" role="status" data-testid="briefing-status">
            正在检索“{state.topic}”的相关报道…
          </p>
        )}
        {(state.status === "refused" || state.status === "error") && (
          <p className={`notice ${state.status === "error" ? "notice-refused" : "notice-partial"}`} role="alert" data-testid="briefing-refusal">
            {state.message}
          </p>
        )}

        {hasBriefing && (
          <article className="briefing" data-testid="briefing" aria-busy={running}>
            <div className="briefing-toolbar" role="toolbar" aria-label="导出简报">
              <span className="briefing-saved" data-testid="briefing-saved" role="status">
                {props.saveError ? <span className="status-error">{props.saveError}</span> : state.savedId ? "已保存" : ""}
              </span>
              <button type="button" className="briefing-button" data-testid="briefing-export-md" disabled={running} onClick={exportMarkdown}>
                导出 Markdown
              </button>
              <button type="button" className="briefing-button" data-testid="briefing-export-docx" disabled={running} onClick={() => void exportWord()}>
                导出 Word
              </button>
              <button type="button" className="briefing-button" data-testid="briefing-print" disabled={running} onClick={() => window.print()}>
                打印 / PDF
              </button>
            </div>
            {exportError && (
              <p className="notice notice-refused" role="alert">
                {exportError}
              </p>
            )}
            <input className="briefing-title" data-testid="briefing-title" aria-label="简报标题（可编辑）" value={state.title} onChange={(event) => onRename(event.target.value)} />
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
            <SourcesList citations={state.citations} variant="sources" activeKey={activeCitationKey} onOpen={onOpenCitation} />
          </article>
        )}
      </div>
    </div>
  );
}

function FiguresTable({ state, onOpenCitation }: { state: BriefingState; onOpenCitation: (citation: Citation) => void }) {
  const byNumber = new Map(state.citations.map((citation) => [citation.n, citation]));
  return (
    <section className="briefing-figures" aria-label="关键数据">
      <h2 className="briefing-heading">关键数据</h2>
      <div className="table-scroll">
        <table data-testid="briefing-figures">
          <thead>
            <tr>
              <th scope="col">数据</th>
              <th scope="col">指标</th>
              <th scope="col">地区</th>
              <th scope="col">来源</th>
            </tr>
          </thead>
          <tbody>
            {state.figures.map((figure, index) => {
              const citation = byNumber.get(figure.citation);
              return (
                <tr key={index} data-testid="briefing-figure">
                  <td className="figure-value">{figure.value}</td>
                  <td>{figure.label}</td>
                  <td>{figure.place ?? "—"}</td>
                  <td>
                    {citation ? (
                      <button type="button" className="chip" data-testid="citation-chip" data-n={figure.citation} aria-label={`查看来源 ${figure.citation}：${citation.title}`} onClick={() => onOpenCitation(citation)}>
                        {figure.citation}
                      </button>
                    ) : (
                      figure.citation
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
