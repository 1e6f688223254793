// What the answer tools under each turn can do (feedback, regenerate, edit the
// question, follow-ups, add to a briefing), provided once by the app instead of
// being passed down through the thread and every turn.
import { createContext, useContext } from "react";
import type { Feedback, FeedbackRequestBody } from "../../../server/protocol.js";

export type FollowUpState = { status: "loading" } | { status: "ready"; questions: string[] } | { status: "failed" };

export interface AnswerToolsValue {
  /** Feedback stored on the server for answers of the open conversation. */
  feedbackFor: (answerId: string) => Feedback | undefined;
  sendFeedback: (input: FeedbackRequestBody) => Promise<void>;
  regenerate: (turnId: string) => void;
  /** Ask an edited question in place of a turn (the turns after it are removed). */
  editQuestion: (turnId: string, question: string) => void;
  /** True while any answer of the conversation is in flight: no edits then. */
  busy: boolean;
  /** The turn whose answer shows follow-up suggestions (the latest answered one). */
  latestTurnId: string | undefined;
  followUpsFor: (answerId: string) => FollowUpState | undefined;
  loadFollowUps: (answerId: string) => void;
  ask: (question: string) => void;
  /** Adds the answer to the current saved briefing (creating one if there is none); resolves with its title. */
  addToBriefing: (answerId: string, question: string) => Promise<string>;
  /** Title of the briefing "加入简报" adds to, when there is one. */
  briefingTarget: string | undefined;
}

export const AnswerToolsContext = createContext<AnswerToolsValue | null>(null);

export function useAnswerTools(): AnswerToolsValue {
  const value = useContext(AnswerToolsContext);
  if (!value) throw new Error("useAnswerTools needs an AnswerToolsContext provider");
  return value;
}
