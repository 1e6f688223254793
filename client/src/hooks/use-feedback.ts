// Feedback on the answers of the open conversation, as the server stores it:
// read when the conversation's answers change, written by 👍 / 👎.
import { useCallback, useEffect, useState } from "react";
import type { Feedback, FeedbackRequestBody } from "../../../server/protocol.js";
import { fetchFeedback, sendFeedback } from "../net/tools-api.js";

export interface FeedbackController {
  feedbackFor: (answerId: string) => Feedback | undefined;
  send: (input: FeedbackRequestBody) => Promise<void>;
}

export function useFeedback(token: string | undefined, answerIds: string[], connected: boolean): FeedbackController {
  const [stored, setStored] = useState<ReadonlyMap<string, Feedback>>(new Map());
  const key = answerIds.join(",");

  useEffect(() => {
    if (!connected || key === "") return;
    const controller = new AbortController();
    fetchFeedback(key.split(","), token, controller.signal).then(
      (found) =>
        setStored((current) => new Map([...current, ...found.map((entry) => [entry.answerId, entry] as const)])),
      () => undefined, // shown as "no feedback yet"; giving feedback still works
    );
    return () => controller.abort();
  }, [key, token, connected]);

  const send = useCallback(
    async (input: FeedbackRequestBody) => {
      const saved = await sendFeedback(input, token);
      setStored((current) => new Map(current).set(saved.answerId, saved));
    },
    [token],
  );
  return { feedbackFor: useCallback((answerId: string) => stored.get(answerId), [stored]), send };
}
