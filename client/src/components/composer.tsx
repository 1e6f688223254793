// The question box. Enter sends and Shift+Enter adds a line; Enter while an IME
// is composing (pinyin) only confirms the candidate, as every Chinese user expects.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { CLIENT_LIMITS } from "../lib/chat-model.js";
import { SendIcon, StopIcon } from "./icons.js";

interface ComposerProps {
  streaming: boolean;
  disconnected: boolean;
  onSend: (question: string) => void;
  onStop: () => void;
  focusKey: string;
  /** Told of every change to the text (so switching modes can keep it). */
  onDraftChange?: (text: string) => void;
  /** Text to put into an empty box (a new key each time). */
  prefill?: { text: string; key: number };
}

const MAX_HEIGHT_PX = 200;

export function Composer({ streaming, disconnected, onSend, onStop, focusKey, onDraftChange, prefill }: ComposerProps) {
  const [text, setTextState] = useState(prefill?.text ?? "");
  const setText = (value: string) => {
    setTextState(value);
    onDraftChange?.(value);
  };
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const length = [...text].length;
  const tooLong = length > CLIENT_LIMITS.questionChars;
  const canSend = text.trim() !== "" && !tooLong;

  // Grow with the text up to a limit, then scroll inside.
  useEffect(() => {
    const area = areaRef.current;
    if (!area) return;
    area.style.height = "auto";
    area.style.height = `${Math.min(area.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  useEffect(() => {
    // Not on touch screens: focusing would pop up the keyboard over the starter questions.
    if (window.matchMedia("(pointer: fine)").matches) areaRef.current?.focus();
  }, [focusKey]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    onSend(text);
    setText("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    // While an answer streams, Enter queues the next question behind it.
    submit();
  };

  return (
    <form className="composer" onSubmit={submit} data-testid="composer">
      <div className={`composer-box${tooLong ? " is-invalid" : ""}`}>
        <textarea
          ref={areaRef}
          className="composer-input"
          id="question-input"
          data-testid="question-input"
          aria-label="输入问题"
          placeholder={disconnected ? "未连接，问题将在连接后发送" : "输入问题"}
          rows={1}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        {streaming ? (
          <button type="button" className="send-button stop" data-testid="stop" aria-label="停止生成" title="停止生成" onClick={onStop}>
            <StopIcon />
          </button>
        ) : (
          <button type="submit" className="send-button" data-testid="send" aria-label="发送" title="发送（Enter）" disabled={!canSend}>
            <SendIcon />
          </button>
        )}
      </div>
      <p className="composer-hint" aria-live="polite">
        {tooLong ? `问题过长：${length} / ${CLIENT_LIMITS.questionChars} 字` : length > CLIENT_LIMITS.questionChars * 0.8 ? `${length} / ${CLIENT_LIMITS.questionChars} 字` : "Enter 发送，Shift+Enter 换行 · 回答依据已收录的新闻报道，请点击引用核对原文"}
      </p>
    </form>
  );
}
