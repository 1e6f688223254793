// Follow-up questions written by the model from the passages the answer cited
// (prompts/follow-ups.txt). The reply is read line by line and only plain,
// short questions survive; a model failure is not an error for the user, it
// just means the offline suggestions are shown instead.
import { LlmClient, type LlmSettings } from "../answer/llm.js";
import { formatPassages, loadPrompt, renderChatPrompt } from "../answer/prompts.js";
import type { AnswerResult } from "../answer/types.js";
import type { SearchIndex } from "../retrieval/retriever.js";
import { MAX_FOLLOW_UPS } from "./offline-follow-ups.js";

/** Suggestions are extra: they may not hold the answer back for long. */
export const MODEL_FOLLOW_UP_TIMEOUT_MS = 5_000;
const MAX_QUESTION_CHARS = 40;
const ANSWER_CHARS = 600;
const MAX_ARTICLES = 3;
const ARTICLE_CHARS = 1500;

/** The questions in a model reply: list marks stripped, one per line, ending with ？, no citation markers. */
export function parseFollowUpLines(reply: string, asked: string): string[] {
  const keyOf = (question: string) => question.replace(/\s/g, "").replace(/\?$/, "？");
  const seen = new Set([keyOf(asked)]);
  const questions: string[] = [];
  for (const raw of reply.split(/\r?\n/)) {
    const line = raw
      .replace(/^\s*(?:[-*•·]|\d+[.、)）]|[（(]\d+[)）])\s*/, "")
      .trim()
      .replace(/\?$/, "？");
    const key = keyOf(line);
    if (!line.endsWith("？") || [...line].length > MAX_QUESTION_CHARS || /[[［]\d/.test(line) || seen.has(key))
      continue;
    seen.add(key);
    questions.push(line);
  }
  return questions.slice(0, MAX_FOLLOW_UPS);
}

export async function modelFollowUps(
  settings: LlmSettings,
  question: string,
  result: Pick<AnswerResult, "answer" | "citations">,
  index: SearchIndex,
  signal?: AbortSignal,
): Promise<string[]> {
  // The cited articles, not only the quotes: the other facts of an article are what a follow-up asks about.
  const docIds = [...new Set(result.citations.map((citation) => citation.docId))].slice(0, MAX_ARTICLES);
  const passages = docIds.flatMap((docId, i) => {
    const article = index.articleById.get(docId);
    if (!article) return [];
    const text = article.text.slice(0, ARTICLE_CHARS);
    return [{ n: i + 1, article, start: 0, end: text.length, text }];
  });
  const { system, user } = renderChatPrompt(loadPrompt("follow-ups"), {
    passages: formatPassages(passages),
    question,
    answer: result.answer.slice(0, ANSWER_CHARS),
  });
  const client = new LlmClient({ ...settings, timeoutMs: Math.min(settings.timeoutMs, MODEL_FOLLOW_UP_TIMEOUT_MS) });
  return parseFollowUpLines(
    await client.streamChat("The follow-up suggestions", system, user, () => {}, signal),
    question,
  );
}
