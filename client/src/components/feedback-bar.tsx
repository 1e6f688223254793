// 👍 / 👎 under an answer. 👎 opens a short form: one reason (其他 needs a few
// words), an optional comment. What the server stored is shown, so a reload or
// a server restart shows the same feedback.
import { useState, type FormEvent } from "react";
import type { Feedback, FeedbackReason, Rating } from "../../../server/protocol.js";
import { useAnswerTools } from "../context/answer-tools.js";
import { COMMENT_CHARS, FEEDBACK_REASONS } from "../lib/feedback-reasons.js";
import { ThumbDownIcon, ThumbUpIcon } from "./icons.js";

export function FeedbackBar({ answerId }: { answerId: string }) {
  const tools = useAnswerTools();
  const stored = tools.feedbackFor(answerId);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();

  const send = async (rating: Rating, reason?: FeedbackReason, comment?: string) => {
    setError(undefined);
    try {
      await tools.sendFeedback({ answerId, rating, ...(reason ? { reason } : {}), ...(comment ? { comment } : {}) });
      setOpen(false);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "反馈没有保存，请重试。");
    }
  };

  return (
    <div className="feedback" data-testid="feedback" data-rating={stored?.rating ?? "none"}>
      <button
        type="button"
        className="icon-button small"
        data-testid="feedback-up"
        aria-label="有帮助"
        aria-pressed={stored?.rating === "up"}
        title="有帮助"
        onClick={() => void send("up")}
      >
        <ThumbUpIcon size={16} />
      </button>
      <button
        type="button"
        className="icon-button small"
        data-testid="feedback-down"
        aria-label="有问题"
        aria-pressed={stored?.rating === "down"}
        aria-expanded={open}
        title="有问题"
        onClick={() => setOpen((value) => !value)}
      >
        <ThumbDownIcon size={16} />
      </button>
      {stored && <StoredFeedback stored={stored} formOpen={open} />}
      {open && (
        <ReasonForm
          initialReason={stored?.reason}
          initialComment={stored?.comment}
          onSubmit={(reason, comment) => void send("down", reason, comment)}
          onCancel={() => setOpen(false)}
        />
      )}
      {error && (
        <span className="footer-note status-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** What the server holds: thanks for 👍, the reason (and comment) for 👎 while its form is closed. */
function StoredFeedback({ stored, formOpen }: { stored: Feedback; formOpen: boolean }) {
  if (stored.rating === "up") return <span className="footer-note">感谢反馈</span>;
  if (formOpen) return null;
  return (
    <span className="footer-note feedback-stored" data-testid="feedback-stored">
      已反馈：{stored.reason ?? "有问题"}
      {stored.comment ? `（${stored.comment}）` : ""}
    </span>
  );
}

interface ReasonFormProps {
  initialReason?: FeedbackReason;
  initialComment?: string;
  onSubmit: (reason: FeedbackReason, comment: string | undefined) => void;
  onCancel: () => void;
}

function ReasonForm({ initialReason, initialComment, onSubmit, onCancel }: ReasonFormProps) {
  const [reason, setReason] = useState<FeedbackReason | undefined>(initialReason);
  const [comment, setComment] = useState(initialComment ?? "");
  const needsComment = reason === "其他" && comment.trim() === "";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason && !needsComment) onSubmit(reason, comment.trim() || undefined);
  };
  return (
    <form className="feedback-form" data-testid="feedback-form" onSubmit={submit} aria-label="反馈问题">
      <fieldset className="feedback-reasons">
        <legend>哪里有问题？</legend>
        {FEEDBACK_REASONS.map((option) => (
          <label key={option} className={`reason-chip${reason === option ? " is-selected" : ""}`}>
            <input
              type="radio"
              name="reason"
              value={option}
              checked={reason === option}
              onChange={() => setReason(option)}
            />
            {option}
          </label>
        ))}
      </fieldset>
      <textarea
        className="feedback-comment"
        data-testid="feedback-comment"
        aria-label="补充说明"
        placeholder={reason === "其他" ? "请说明问题（必填）" : "补充说明（可选）"}
        maxLength={COMMENT_CHARS}
        rows={2}
        value={comment}
        onChange={(event) => setComment(event.target.value)}
      />
      <div className="feedback-actions">
        <button
          type="submit"
          className="text-button primary"
          data-testid="feedback-submit"
          disabled={!reason || needsComment}
        >
          提交
        </button>
        <button type="button" className="text-button" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
