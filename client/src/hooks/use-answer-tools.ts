// Builds what the answer tools under each turn can do (AnswerToolsContext)
// from the chat, the scope, the saved briefings and the feedback store.
import { useMemo } from "react";
import type { AnswerToolsValue } from "../context/answer-tools.js";
import { isPending, type Conversation } from "../lib/chat-model.js";
import type { SavedBriefings } from "./use-saved-briefings.js";
import type { ChatController } from "./use-chat.js";
import { useFeedback } from "./use-feedback.js";
import { useFollowUps } from "./use-follow-ups.js";
import type { ScopeController } from "./use-scope.js";

interface Inputs {
  token: string | undefined;
  connected: boolean;
  chat: ChatController;
  active: Conversation | undefined;
  scope: ScopeController;
  savedBriefings: SavedBriefings;
}

export function useAnswerToolsValue({
  token,
  connected,
  chat,
  active,
  scope,
  savedBriefings,
}: Inputs): AnswerToolsValue {
  const answerIds = useMemo(
    () => (active?.turns ?? []).flatMap((turn) => (turn.answerId ? [turn.answerId] : [])),
    [active],
  );
  const feedback = useFeedback(token, answerIds, connected);
  const followUps = useFollowUps(token);
  const latestTurnId = [...(active?.turns ?? [])].reverse().find((turn) => turn.status === "done")?.id;
  const busy = active?.turns.some(isPending) ?? false;
  const { ask, regenerate, edit } = chat;
  const scopeNow = scope.active;
  return useMemo(
    () => ({
      feedbackFor: feedback.feedbackFor,
      sendFeedback: feedback.send,
      regenerate,
      editQuestion: edit,
      busy,
      latestTurnId,
      followUpsFor: followUps.followUpsFor,
      loadFollowUps: followUps.load,
      ask: (question: string) => ask(question, scopeNow),
      addToBriefing: savedBriefings.addAnswer,
      briefingTarget: savedBriefings.target?.title,
    }),
    [
      feedback.feedbackFor,
      feedback.send,
      regenerate,
      edit,
      busy,
      latestTurnId,
      followUps.followUpsFor,
      followUps.load,
      ask,
      scopeNow,
      savedBriefings.addAnswer,
      savedBriefings.target?.title,
    ],
  );
}
