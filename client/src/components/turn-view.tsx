// One question and its answer: streaming text with chips, the notices that say
// how far to trust it (refusal, partial coverage, fallback), its sources, and
// the actions (copy, stop, resend).
import { useEffect, useState } from "react";
import type { Citation } from "../../../server/protocol.js";
import type { Turn } from "../lib/chat-model.js";
import { answerToMarkdown } from "../lib/markdown-export.js";
import { copyText } from "../lib/browser-actions.js";
import { autoRetryText, errorText } from "../lib/error-messages.js";
import { AnswerTable } from "./answer-table.js";
import { AnswerActions, FollowUpList } from "./answer-actions.js";
import { AnswerText } from "./answer-text.js";
import { QuestionRow } from "./question-row.js";
import { SourcesList } from "./sources-list.js";
import { CheckIcon, CopyIcon, RetryIcon } from "./icons.js";

interface TurnViewProps {
  turn: Turn;
  activeCitationKey?: string;
  onOpenCitation: (citation: Citation) => void;
  onRetry: (turnId: string) => void;
  onDiscard: (turnId: string) => void;
  onHoldRetry: (turnId: string) => void;
}

export function TurnView({ turn, activeCitationKey, onOpenCitation, onRetry, onDiscard, onHoldRetry }: TurnViewProps) {
  const streaming = turn.status === "streaming";
  const outcome = turn.outcome;
  return (
    <article className="turn" data-testid="turn" data-status={turn.status} data-answer-id={turn.answerId}>
      <QuestionRow turn={turn} />
      {turn.rewritten && (
        <p className="rewritten" data-testid="rewritten">
          已理解为：{turn.rewritten}
        </p>
      )}
      <div className="answer" data-testid="answer" aria-busy={streaming || turn.status === "sending"}>
        <TurnStatusLine turn={turn} onRetry={onRetry} onDiscard={onDiscard} onHoldRetry={onHoldRetry} />
        {outcome?.notice && (
          <p className="notice notice-fallback" data-testid="notice-fallback" role="note">
            {outcome.notice}
          </p>
        )}
        <AnswerBody turn={turn} onOpenCitation={onOpenCitation} />
        {outcome?.coverage === "partial" && <PartialNotice missing={outcome.missing} />}
        <SourcesList
          citations={turn.citations}
          variant="sources"
          activeKey={activeCitationKey}
          onOpen={onOpenCitation}
        />
        {outcome?.refused && (
          <SourcesList
            citations={outcome.related ?? []}
            variant="related"
            activeKey={activeCitationKey}
            onOpen={onOpenCitation}
          />
        )}
        {turn.status === "done" && <AnswerFooter turn={turn} />}
        {turn.status === "done" && <FollowUpList turn={turn} />}
      </div>
    </article>
  );
}

/** The answer itself: a refusal says so first, a comparison is its table, else the (streaming) text. */
function AnswerBody({ turn, onOpenCitation }: Pick<TurnViewProps, "turn" | "onOpenCitation">) {
  const outcome = turn.outcome;
  if (outcome?.refused) {
    return (
      <div className="notice notice-refused" data-testid="notice-refused" role="note">
        <strong>资料中没有找到答案</strong>
        <AnswerText answer={turn.answer} citations={turn.citations} streaming={false} onOpenCitation={onOpenCitation} />
      </div>
    );
  }
  // A comparison: the table is the answer; the text form (the same rows) is what copy and export use.
  if (outcome?.table) {
    return <AnswerTable table={outcome.table} citations={turn.citations} onOpenCitation={onOpenCitation} />;
  }
  if (turn.answer === "") return null;
  return (
    <AnswerText
      answer={turn.answer}
      citations={turn.citations}
      streaming={turn.status === "streaming"}
      onOpenCitation={onOpenCitation}
    />
  );
}

/** Only part of the question was answered: what the sources lack, when the answerer named it. */
function PartialNotice({ missing }: { missing: string[] | undefined }) {
  return (
    <p className="notice notice-partial" data-testid="notice-partial" role="note">
      只回答了一部分
      {missing?.length ? `：资料中没有“${missing.join("”“")}”的相关内容` : "，其余内容资料中没有"}
    </p>
  );
}

function TurnStatusLine({
  turn,
  onRetry,
  onDiscard,
  onHoldRetry,
}: Pick<TurnViewProps, "turn" | "onRetry" | "onDiscard" | "onHoldRetry">) {
  const retry = (
    <button type="button" className="text-button" data-testid="retry" onClick={() => onRetry(turn.id)}>
      <RetryIcon size={14} /> 重新发送
    </button>
  );
  switch (turn.status) {
    case "queued":
      return (
        <p className="status status-queued" data-testid="status-queued">
          未发送 · 连接恢复后自动发送
          <button type="button" className="text-button" onClick={() => onDiscard(turn.id)}>
            取消
          </button>
        </p>
      );
    case "sending":
    case "streaming":
      return turn.answer === "" ? (
        <p className="status status-thinking" data-testid="status-thinking">
          <span className="dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          正在检索资料…
        </p>
      ) : null;
    case "unsent":
      return (
        <p className="status status-warning" data-testid="status-unsent">
          未发送 {retry}
        </p>
      );
    case "interrupted":
      return (
        <p className="status status-warning" data-testid="status-interrupted">
          连接中断，回答不完整 {retry}
        </p>
      );
    case "cancelled":
      return (
        <p className="status status-muted" data-testid="status-cancelled">
          已停止生成 {retry}
        </p>
      );
    case "error":
      if (turn.retryAt !== undefined && turn.error) {
        return (
          <p className="status status-warning" data-testid="status-auto-retry" role="status">
            <RetryCountdown at={turn.retryAt} error={turn.error} />
            <button type="button" className="text-button" data-testid="retry" onClick={() => onRetry(turn.id)}>
              <RetryIcon size={14} /> 立即重试
            </button>
            <button type="button" className="text-button" data-testid="hold-retry" onClick={() => onHoldRetry(turn.id)}>
              取消
            </button>
          </p>
        );
      }
      return (
        <p className="status status-error" data-testid="status-error" role="alert">
          {errorText(turn.error)} {retry}
        </p>
      );
    case "done":
      return null;
  }
}

/** "服务器繁忙，3 秒后自动重试。", counting down each second until the resend. */
function RetryCountdown({ at, error }: { at: number; error: NonNullable<Turn["error"]> }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <>{autoRetryText(error, Math.ceil(Math.max(0, at - now) / 1000))} </>;
}

function AnswerFooter({ turn }: { turn: Turn }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (await copyText(answerToMarkdown(turn))) {
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    }
  };
  const seconds = turn.outcome
    ? (turn.outcome.timings.totalMs / 1000).toFixed(turn.outcome.timings.totalMs < 1000 ? 2 : 1)
    : undefined;
  return (
    <div className="answer-footer">
      <button
        type="button"
        className="icon-button small"
        data-testid="copy-answer"
        aria-label={copied ? "已复制" : "复制回答（Markdown，含来源）"}
        title="复制回答（含来源）"
        onClick={copy}
      >
        {copied ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
      </button>
      {copied && (
        <span className="footer-note" role="status">
          已复制
        </span>
      )}
      <AnswerActions turn={turn} />
      {turn.outcome && (
        <span className="footer-meta">
          {turn.outcome.mode === "llm" ? "模型生成" : "原文摘录"}
          {seconds && ` · ${seconds} 秒`}
        </span>
      )}
    </div>
  );
}
