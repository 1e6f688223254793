// Switching modes keeps the topic: the question being typed (or the last one asked) becomes the
// briefing topic, and a briefing's topic is offered back to an empty composer.
import { useRef, useState } from "react";
import type { Mode } from "../components/mode-switch.js";
import type { BriefingController } from "./use-briefing.js";

export function useTopicCarry(
  mode: Mode,
  setMode: (mode: Mode) => void,
  briefing: BriefingController,
  lastQuestion: string | undefined,
) {
  const draft = useRef("");
  const [composerPrefill, setComposerPrefill] = useState<{ text: string; key: number }>();
  const switchMode = (next: Mode) => {
    const { status, topic } = briefing.state;
    if (next === "briefing" && mode === "chat" && status === "idle" && topic === "") {
      const carried = draft.current.trim() || lastQuestion || "";
      if (carried) briefing.dispatch({ type: "topic", topic: carried });
    }
    if (next === "chat" && mode === "briefing" && draft.current.trim() === "" && topic) {
      setComposerPrefill({ text: topic, key: Date.now() });
    }
    setMode(next);
  };
  const onDraftChange = (text: string) => {
    draft.current = text;
  };
  return { switchMode, composerPrefill, onDraftChange };
}
