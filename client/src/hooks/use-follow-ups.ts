// Follow-up suggestions, fetched once per answer when it is the latest one shown.
import { useCallback, useRef, useState } from "react";
import type { FollowUpState } from "../context/answer-tools.js";
import { fetchFollowUps } from "../net/tools-api.js";

export function useFollowUps(token: string | undefined) {
  const [states, setStates] = useState<ReadonlyMap<string, FollowUpState>>(new Map());
  const requested = useRef(new Set<string>());
  const set = (answerId: string, state: FollowUpState) => setStates((current) => new Map(current).set(answerId, state));

  const load = useCallback(
    (answerId: string) => {
      if (requested.current.has(answerId)) return;
      requested.current.add(answerId);
      set(answerId, { status: "loading" });
      fetchFollowUps(answerId, token).then(
        (found) => set(answerId, { status: "ready", questions: found.followUps }),
        () => {
          requested.current.delete(answerId); // try again next time the answer is shown
          set(answerId, { status: "failed" });
        },
      );
    },
    [token],
  );
  return { followUpsFor: useCallback((answerId: string) => states.get(answerId), [states]), load };
}
