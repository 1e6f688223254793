// The 简报 mode: a topic in, the briefing building point by point, then an
// editable title, citation chips that open the source viewer, the figures
// table, the sources, and export (Markdown, Word, print to PDF). All corpus
// text is rendered as React string children: never as HTML.
import { useState, type FormEvent, type ReactNode } from "react";
import type { Citation } from "../../../server/protocol.js";
import type { BriefingState } from "../lib/briefing-reducer.js";
import { CLIENT_LIMITS } from "../lib/chat-model.js";
import type { PointEdit } from "../lib/briefing-edits.js";
import { BriefingDocument } from "./briefing-document.js";

const EXAMPLES = ["产业链党建", "省直机关党建成效", "快递进村", "新就业群体"];

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
  const { state } = props;
  const running = state.status === "running";
  const hasBriefing = (state.points.length > 0 || state.savedId !== undefined) && (state.status === "done" || running);
  const failed = state.status === "refused" || state.status === "error";
  // Kept here, not in the document: a failed Word export stays reported while the briefing is open.
  const [exportError, setExportError] = useState<string>();
  return (
    <div className="thread briefing-scroll">
      <div className="thread-inner briefing-inner">
        {props.scopeBar}
        <TopicForm {...props} />
        {running && state.points.length === 0 && (
          <p className="briefing-status" role="status" data-testid="briefing-status">
            正在检索“{state.topic}”的相关报道…
          </p>
        )}
        {failed && (
          <p
            className={`notice ${state.status === "error" ? "notice-refused" : "notice-partial"}`}
            role="alert"
            data-testid="briefing-refusal"
          >
            {state.message}
          </p>
        )}
        {hasBriefing && <BriefingDocument {...props} exportError={exportError} onExportError={setExportError} />}
      </div>
    </div>
  );
}

/** The topic box with 生成简报 (停止 while it builds), and example topics before the first briefing. */
function TopicForm({ state, disconnected, onBrief, onCancel, onTopicChange }: BriefingViewProps) {
  const [topic, setTopic] = useState(state.topic);
  const running = state.status === "running";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = topic.trim();
    if (trimmed !== "" && !running) onBrief(trimmed);
  };
  const pick = (example: string) => {
    setTopic(example);
    onBrief(example);
  };
  return (
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
          <button
            type="submit"
            className="briefing-button primary"
            data-testid="briefing-submit"
            disabled={topic.trim() === "" || disconnected}
          >
            生成简报
          </button>
        )}
      </div>
      {state.status === "idle" && <ExampleTopics disabled={disconnected} onPick={pick} />}
    </form>
  );
}

function ExampleTopics({ disabled, onPick }: { disabled: boolean; onPick: (topic: string) => void }) {
  return (
    <div className="briefing-examples" role="group" aria-label="示例主题">
      {EXAMPLES.map((example) => (
        <button
          key={example}
          type="button"
          className="briefing-example"
          disabled={disabled}
          onClick={() => onPick(example)}
        >
          {example}
        </button>
      ))}
    </div>
  );
}
