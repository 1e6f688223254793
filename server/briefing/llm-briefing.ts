// One streamed model call for the LLM briefing, through the same client as chat
// answers (whole-call deadline, the caller's abort, a stream that must end with
// data: [DONE], typed LlmErrors).
import { LlmClient, type LlmSettings } from "../answer/llm.js";

/** Streams the reply to `onDelta` and resolves with the whole text; every failure is an LlmError. */
export function streamCompletion(
  settings: LlmSettings,
  system: string,
  user: string,
  onDelta: (delta: string) => void,
  signal?: AbortSignal,
): Promise<string> {
  return new LlmClient(settings).streamChat("The model's briefing", system, user, onDelta, signal);
}
