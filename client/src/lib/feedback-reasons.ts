// The reasons a 👎 can give, restated from the server (the protocol is imported
// as types only); the checks below turn any drift into a type error.
import type { FeedbackReason } from "../../../server/protocol.js";
import { CLIENT_LIMITS } from "./chat-model.js";

export const FEEDBACK_REASONS = [
  "数字错误",
  "出处不对",
  "没有回答问题",
  "不该拒答",
  "其他",
] as const satisfies readonly FeedbackReason[];

/** Never: every server reason is listed above. */
export type UnlistedReason = Exclude<FeedbackReason, (typeof FEEDBACK_REASONS)[number]>;
export const EVERY_REASON_LISTED: UnlistedReason extends never ? true : false = true;

export const COMMENT_CHARS = CLIENT_LIMITS.commentChars;
