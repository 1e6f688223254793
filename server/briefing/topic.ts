// What a briefing topic asks about: its key words (jieba words, without the
// request wrapper "整理一份关于…的简报") and how much of them a text covers. The
// refusal is decided on coverage, not on emptiness: retrieval always returns
// *something*, so "nothing found" means no article covers most of the topic.
import type { Segmenter } from "../../ingest/segment.js";
import { normalizeForMatch } from "../../ingest/text.js";

// Words of the request itself, not of the subject.
const WRAPPER_START = /^(?:请|帮我|帮忙)?(?:整理|生成|写|做|准备)?(?:一份|一个|一篇)?(?:关于|有关)?/;
const WRAPPER_END = /(?:的|方面的)?(?:简报|材料|资料|汇报|情况|内容)$/;
// "…党建成效有哪些数据": the question words go, the subject stays.
const QUESTION_END = /(?:有|都有|包括)?(?:哪些|什么)(?:数据|做法|举措|经验|内容)?$/;
const QUOTES_AND_MARKS = /[“”"'「」《》？?。！!\s]/g;
const FILLER = new Set(
  "的 了 和 与 及 在 是 有 哪些 什么 如何 怎样 数据 有关 关于 方面 情况 主要 相关 一些 那些 这些 以及 进行".split(" "),
);

export function cleanTopic(topic: string): string {
  const cleaned = topic
    .replace(QUOTES_AND_MARKS, "")
    .replace(WRAPPER_START, "")
    .replace(WRAPPER_END, "")
    .replace(QUESTION_END, "")
    .trim();
  return cleaned === "" ? topic.trim() : cleaned;
}

export function briefingTitle(topic: string): string {
  return `关于“${cleanTopic(topic)}”的简报`;
}

export interface TopicWord {
  word: string;
  /** Rarer words say more about the topic (log-scaled inverse document frequency). */
  weight: number;
}

/** Key words of the topic: jieba words of two or more characters, minus fillers, weighted by rarity. */
export function topicWords(
  topic: string,
  segmenter: Segmenter,
  documentFrequency: (word: string) => number,
  documents: number,
): TopicWord[] {
  const words = new Map<string, TopicWord>();
  const cut = segmenter.cut(cleanTopic(topic)).map((raw) => normalizeForMatch(raw).trim());
  // A one-character word belongs with the next one: 甘肃/强/工业 is about 强工业.
  const joined = cut.flatMap((word, i) =>
    [...word].length === 1 && /\p{Script=Han}/u.test(word) && cut[i + 1] ? [word + cut[i + 1]] : [word],
  );
  for (const word of joined) {
    if ([...word].length < 2 || FILLER.has(word) || !/[\p{L}\p{N}]/u.test(word)) continue;
    const weight = Math.log(1 + documents / (1 + documentFrequency(word)));
    words.set(word, { word, weight });
  }
  return [...words.values()];
}

/** Weighted share of the topic words found (as substrings) in `text`, 0…1. */
export function coverage(text: string, words: TopicWord[]): number {
  if (words.length === 0) return 0;
  const folded = normalizeForMatch(text);
  const total = words.reduce((sum, word) => sum + word.weight, 0);
  const found = words.filter((word) => folded.includes(word.word)).reduce((sum, word) => sum + word.weight, 0);
  return total === 0 ? 0 : found / total;
}
