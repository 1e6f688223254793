// Every notice an answer or a briefing carries (AnswerResult.notice, Briefing.notice), in one table:
// why the user sees the offline form instead of the model's, or what the checks removed from the
// model's text. The answerer and the briefer say the same thing in the same words.
import { formatCitationMarkers } from "./citations.js";

/** What the offline form is called in a notice. */
export type NoticeProduct = "answer" | "briefing";

const OFFLINE_FORM: Record<NoticeProduct, string> = { answer: "离线摘录的答案", briefing: "离线摘录的简报" };

/** Why the model's reply was replaced by the offline answer, by fallback reason. */
export const ANSWER_FALLBACK_NOTICES = {
  llm_uncited: "模型的回答没有引用任何段落，已改用离线摘录的答案。",
  llm_unsupported_figures: "模型回答中的数字在来源中找不到，已改用离线摘录的答案。",
  llm_hollow: "模型的回答经核对后所剩无几，已改用离线摘录的答案。",
  llm_bad_refusal: "模型的拒答含有无法核对的内容，已改用离线摘录的答案。",
  llm_unsupported: "模型回答的句子在来源中找不到依据，已改用离线摘录的答案。",
  checks_failed: "模型回答的核对超时，以下为离线摘录的答案。",
} as const;

/** Why the model's key points were replaced by the offline briefing. */
export const BRIEFING_FALLBACK_NOTICES = {
  llm_uncited: "模型写出的要点不足或无法核对引用，已改用离线摘录的简报。",
} as const;

/** The model could not be reached (timeout, HTTP error, bad stream). */
export function modelUnavailableNotice(product: NoticeProduct): string {
  return `模型暂时不可用，以下为${OFFLINE_FORM[product]}。`;
}

export function removedFiguresNotice(figures: string[]): string {
  return `已删除来源中找不到的数字：${figures.join("、")}。`;
}

export function removedMarkersNotice(numbers: number[]): string {
  return `已删除指向不存在段落的引用标记 ${formatCitationMarkers(numbers)}。`;
}

export function droppedSentencesNotice(count: number): string {
  return `已删除来源不支持的${count}句话。`;
}

export const CAPPED_REPLY_NOTICE = "模型的回答过长，已截断。";

/** The notices that apply, in order, as one string; undefined when none does. */
export function joinNotices(notices: Array<string | false | undefined>): string | undefined {
  const kept = notices.filter((notice): notice is string => typeof notice === "string" && notice !== "");
  return kept.length > 0 ? kept.join(" ") : undefined;
}
