// The question box. Enter sends and Shift+Enter adds a line; Enter while an IME
// is composing (pinyin) only confirms the candidate, as every Chinese user expects.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from "react";
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

export function Composer(props: ComposerProps) {
  const { streaming, disconnected, onSend, onStop, focusKey, onDraftChange, prefill } = props;
  const [text, setTextState] = useState(prefill?.text ?? "");
  const setText = (value: string) => {
    setTextState(value);
    onDraftChange?.(value);
  };
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const length = [...text].length;
  const tooLong = length > CLIENT_LIMITS.questionChars;
  const canSend = text.trim() !== "" && !tooLong;

  useGrowWithText(areaRef, text);
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
    const composing = event.nativeEvent.isComposing || event.keyCode === 229;
    if (event.key !== "Enter" || event.shiftKey || composing) return;
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
        <SendOrStop streaming={streaming} canSend={canSend} onStop={onStop} />
      </div>
      <p className="composer-hint" aria-live="polite">
        {composerHint(length)}
      </p>
    </form>
  );
}

/** Grow with the text up to a limit, then scroll inside. */
function useGrowWithText(areaRef: RefObject<HTMLTextAreaElement | null>, text: string): void {
  useEffect(() => {
    const area = areaRef.current;
    if (!area) return;
    area.style.height = "auto";
    area.style.height = `${Math.min(area.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [areaRef, text]);
}

/** While an answer streams the button stops it; otherwise it sends (a submit button). */
function SendOrStop({ streaming, canSend, onStop }: { streaming: boolean; canSend: boolean; onStop: () => void }) {
  if (streaming) {
    return (
      <button
        type="button"
        className="send-button stop"
        data-testid="stop"
        aria-label="停止生成"
        title="停止生成"
        onClick={onStop}
      >
        <StopIcon />
      </button>
    );
  }
  return (
    <button
      type="submit"
      className="send-button"
      data-testid="send"
      aria-label="发送"
      title="发送（Enter）"
      disabled={!canSend}
    >
      <SendIcon />
    </button>
  );
}

/** The count once the question nears the limit (a warning past it), else how to send. */
function composerHint(length: number): string {
  const limit = CLIENT_LIMITS.questionChars;
  if (length > limit) return `问题过长：${length} / ${limit} 字`;
  if (length > limit * 0.8) return `${length} / ${limit} 字`;
  return "Enter 发送，Shift+Enter 换行 · 回答依据已收录的新闻报道，请点击引用核对原文";
}
