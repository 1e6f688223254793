// A turn's question, with an edit button: the edited question is asked in its
// place (the turns after it, which followed the old wording, are removed).
import { useState, type FormEvent, type KeyboardEvent } from "react";
import type { Scope } from "../../../server/protocol.js";
import { useAnswerTools } from "../context/answer-tools.js";
import { CLIENT_LIMITS, type Turn } from "../lib/chat-model.js";
import { EditIcon } from "./icons.js";

function scopeText(scope: Scope | undefined): string {
  if (!scope) return "";
  const parts = [scope.province, scope.docId && "所选文章", scope.sources?.length && `${scope.sources.length} 个来源`];
  return parts.filter(Boolean).join("、");
}

export function QuestionRow({ turn }: { turn: Turn }) {
  const tools = useAnswerTools();
  const [editing, setEditing] = useState(false);
  if (editing) {
    const resend = (question: string) => {
      tools.editQuestion(turn.id, question);
      setEditing(false);
    };
    return <QuestionEditor initial={turn.question} onResend={resend} onCancel={() => setEditing(false)} />;
  }
  const scoped = scopeText(turn.scope);
  return (
    <>
      <div className="question-row">
        <button
          type="button"
          className="icon-button small question-edit-button"
          data-testid="edit-question"
          aria-label="修改问题并重新提问"
          title="修改问题"
          disabled={tools.busy}
          onClick={() => setEditing(true)}
        >
          <EditIcon size={15} />
        </button>
        <p className="question" data-testid="question">
          {turn.question}
        </p>
      </div>
      {scoped && (
        <p className="rewritten" data-testid="turn-scope">
          限定范围：{scoped}
        </p>
      )}
    </>
  );
}

interface QuestionEditorProps {
  initial: string;
  onResend: (question: string) => void;
  onCancel: () => void;
}

/** Enter resends (not while an IME is composing), Shift+Enter adds a line, Escape cancels. */
function QuestionEditor({ initial, onResend, onCancel }: QuestionEditorProps) {
  const [draft, setDraft] = useState(initial);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const text = draft.trim();
    if (text !== "" && [...text].length <= CLIENT_LIMITS.questionChars) onResend(text);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Escape") onCancel();
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submit();
    }
  };
  return (
    <form className="question-row question-editing" onSubmit={submit} aria-label="修改问题">
      <textarea
        className="question-edit"
        data-testid="question-edit"
        aria-label="修改问题"
        autoFocus
        rows={2}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="question-edit-actions">
        <button
          type="submit"
          className="text-button primary"
          data-testid="question-resend"
          disabled={draft.trim() === ""}
        >
          重新提问
        </button>
        <button type="button" className="text-button" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
