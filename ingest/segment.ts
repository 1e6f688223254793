// Chinese word segmentation with jieba (@node-rs/jieba) plus a domain user
// dictionary, so that 贵安新区, 产业链党建 or 黔进先锋 stay whole words.
// Search-mode cutting also emits the parts of long words (产业链党建 →
// 产业 / 产业链 / 党建 / 产业链党建), so a question that names only a part
// still matches.
import { Jieba, type TaggedWord } from "@node-rs/jieba";
import { BoundedMemo } from "./bounded-memo.js";
import { dict } from "@node-rs/jieba/dict.js";
import { normalizeForMatch } from "./text.js";

let baseJieba: Jieba | undefined;

function base(): Jieba {
  baseJieba ??= Jieba.withDict(dict);
  return baseJieba;
}

/** POS tags from the stock dictionary (used to tell names from common words). */
export function tagWords(text: string): TaggedWord[] {
  return base().tag(text, false);
}

/** The longest text `tag` reads (a question is at most 1,000 characters, a sentence far less). */
export const TAG_LIMIT = 8000;
const TAGGED_TEXT_LIMIT = 1000;
const tagged = new BoundedMemo<string, TaggedWord[]>(4096);
let nextSegmenterId = 0;

// Words that carry no topical signal in questions or passages.
const STOPWORDS = new Set(
  (
    "的 了 是 在 和 与 及 等 也 都 就 而 并 其 之 为 以 对 把 被 让 将 从 向 由 于 中 上 下 里 这 那 这个 那个 " +
    "一个 有 个 多少 几 什么 哪些 哪个 哪 怎么 怎样 如何 吗 呢 吧 啊 请问 请 一 我们 他们 它 他 她 你 我 " +
    "what how many which who when where the a an of to in is are was were and or for on by with"
  ).split(" "),
);

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

/** A jieba segmenter carrying the stock dictionary plus an optional user dictionary. */
export class Segmenter {
  private readonly withUserWords?: Jieba;
  private readonly id = nextSegmenterId++;

  constructor(readonly userDictionary = "") {
    if (userDictionary.trim() !== "") {
      this.withUserWords = Jieba.withDict(dict);
      this.withUserWords.loadDict(Buffer.from(userDictionary, "utf8"));
    }
  }

  // The stock dictionary is loaded on first use (≈ 0.3 s): opening an index makes a segmenter
  // without user words that is replaced by the index's own before it cuts anything.
  private get jieba(): Jieba {
    return this.withUserWords ?? base();
  }

  /** Words with part-of-speech tags (ns place, nt organisation, nr person…), user words included. */
  /**
   * Part-of-speech tagging is for questions and single sentences (names, places, roles).
   * Longer input is cut to TAG_LIMIT characters: tagging costs about 1 µs per character of
   * short tokens, and no caller needs more, so a poisoned 100 KB "sentence" costs 8 ms, not 90.
   */
  tag(text: string): TaggedWord[] {
    const input = text.length > TAG_LIMIT ? text.slice(0, TAG_LIMIT) : text;
    // One answer tags its question and its candidate sentences several times over (entities,
    // plan, rewrite, missing nouns): short texts are remembered per segmenter.
    if (input.length > TAGGED_TEXT_LIMIT) return this.jieba.tag(input, true);
    return tagged.get(`${this.id}\u0000${input}`, () => this.jieba.tag(input, true)).slice();
  }

  /** Plain segmentation (one cut per word), original characters. */
  cut(text: string): string[] {
    return this.jieba.cut(text, true);
  }

  /**
   * Tokens for indexing and matching: normalised text, numbers kept whole
   * (3.61万 → "3.61", "万"), CJK runs cut in search mode, punctuation and
   * stopwords dropped.
   */
  tokens(text: string): string[] {
    const out: string[] = [];
    const normalized = normalizeForMatch(text);
    for (const run of normalized.match(/[\u4e00-\u9fff]+|[a-z0-9]+(?:[.%][0-9]+)*%?/g) ?? []) {
      if (/^[\u4e00-\u9fff]/.test(run)) {
        for (const word of this.jieba.cutForSearch(run, true)) {
          if (!isStopword(word)) out.push(word);
        }
      } else if (!isStopword(run)) {
        out.push(run);
      }
    }
    return out;
  }
}

/** Overlapping character bigrams of the CJK runs: the segmenter-free baseline. */
export function charBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of normalizeForMatch(text).match(/[\u4e00-\u9fff]+|[a-z0-9.%]+/g) ?? []) {
    if (!/^[\u4e00-\u9fff]/.test(run) || run.length === 1) {
      out.push(run);
      continue;
    }
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}
