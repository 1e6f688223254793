// A turn's question, with an edit button: the edited question is asked in its
// place (the turns after it, which followed the old wording, are removed).
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { useAnswerTools } from "../context/answer-tools.js";
import { CLIENT_LIMITS, type Turn } from "../lib/chat-model.js";
import { EditIcon } from "./icons.js";

export function QuestionRow({ turn }: { turn: Turn }) {
  const tools = useAnswerTools();
  const [draft, setDraft] = useState<string | null>(null);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const text = draft?.trim() ?? "";
    if (text === "" || [...text].length > CLIENT_LIMITS.questionChars) return;
    tools.editQuestion(turn.id, text);
    setDraft(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Escape") setDraft(null);
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submit();
    }
  };
  if (draft !== null) {
    return (
      <form className="question-row question-editing" onSubmit={submit} aria-label="修改问题">
        <textarea className="question-edit" data-testid="question-edit" aria-label="修改问题" autoFocus rows={2} value={draft} onChange={(event) => setDraft(event.target.value)} onKeyDown={onKeyDown} />
        <div className="question-edit-actions">
          <button type="submit" className="text-button primary" data-testid="question-resend" disabled={draft.trim() === ""}>
            重新提问
          </button>
          <button type="button" className="text-button" onClick={() => setDraft(null)}>
            取消
          </button>
        </div>
      </form>
    );
  }
  const { scope } = turn;
  const scopeText = scope && [scope.province, scope.docId && "所选文章", scope.sources?.length && `${scope.sources.length} 个来源`].filter(Boolean).join("、");
  return (
    <>
    <div className="question-row">
      <button type="button" className="icon-button small question-edit-button" data-testid="edit-question" aria-label="修改问题并重新提问" title="修改问题" disabled={tools.busy} onClick={() => setDraft(turn.question)}>
        <EditIcon size={15} />
      </button>
      <p className="question" data-testid="question">
        {turn.question}
      </p>
    </div>
    {scopeText && (
      <p className="rewritten" data-testid="turn-scope">
        限定范围：{scopeText}
      </p>
    )}
    </>
  );
}
