// The page's modes. 简报, 资料库 and 评测 are further modes of the chat page: the
// sidebar, the source viewer, the token and the scope stay shared.
export type Mode = "chat" | "briefing" | "library" | "evaluate";

const MODES: Array<{ mode: Mode; label: string }> = [
  { mode: "chat", label: "对话" },
  { mode: "briefing", label: "简报" },
  { mode: "library", label: "资料库" },
  { mode: "evaluate", label: "评测" },
];

/** The top bar's title in modes other than chat (which shows the conversation's title). */
export const MODE_TITLES: Record<Exclude<Mode, "chat">, string> = {
  briefing: "主题简报",
  library: "资料库",
  evaluate: "评测工具",
};

export function ModeSwitch({ mode, onChange }: { mode: Mode; onChange: (mode: Mode) => void }) {
  return (
    <div className="mode-switch" role="group" aria-label="模式">
      {MODES.map((item) => (
        <button
          key={item.mode}
          type="button"
          className="mode-button"
          data-testid={`mode-${item.mode}`}
          aria-pressed={mode === item.mode}
          onClick={() => onChange(item.mode)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
