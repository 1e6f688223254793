// Checks of verify (stage 4) that read what the question asks against what a
// passage states: what a count counts, a word jieba cut wrongly, a superlative,
// a figure the question takes for granted, a relative year.
import { lexicons } from "../../ingest/lexicons/index.js";
import type { Segmenter } from "../../ingest/segment.js";
import { foldAliases } from "./entities.js";
import type { Candidate } from "./gather.js";
import { FIGURES } from "./figure-grammar.js";

const SUPERLATIVE_QUESTION =
  /(?:哪|什么|谁)[^，,。？?]{0,12}(最(?:多|少|大|小|高|低|早|晚|快|慢|强|好|长|短))|(最(?:多|少|大|高|早))的是(?:哪|谁)|\b(?:which|who)\b[^?]{0,40}\b(most|largest|biggest|highest|first)\b/i;
const RANKS = /首个|首家|首批|首位|第一|居首|之首|位列|\b(?:most|largest|first)\b/i;

/**
 * A word jieba cut across a name it does not know ("种蜂糖李" → 种蜂 + 糖李): the word without its
 * first character, joined to what follows it in the question, is in the source (蜂糖李), or the
 * word without its last character is, joined to what comes before. Three characters at least.
 */
export function isMiscut(word: string, question: string, text: string): boolean {
  const at = question.indexOf(word);
  if (at < 0 || word.length < 2) return false;
  const han = /^[\u4e00-\u9fff]{3,}$/;
  const forward = word.slice(1) + question.slice(at + word.length, at + word.length + 2);
  const backward = question.slice(Math.max(0, at - 2), at) + word.slice(0, -1);
  return [forward, backward].some((joined) => han.test(joined) && text.includes(foldAliases(joined)));
}

/**
 * What a count counts: the last noun of the asked attribute ("处级干部" → 干部, "人才参加" → 人才).
 * A sentence whose figure counts something else ("358名党员") does not answer "多少名处级干部".
 * A quantity noun (金额) is measured, not counted, and an unknown word may be a typing slip.
 */
export function countedNoun(attribute: string | undefined, segmenter: Segmenter): string | undefined {
  // "多少个县的工业情况" counts 县: what is counted comes before any 的.
  const counted = attribute?.split("的")[0]?.replace(/[“”"「」]/g, "");
  if (!counted) return undefined;
  const nouns = segmenter.tag(counted).filter(({ word, tag }) => word.length >= 2 && /^(n|j|l)/.test(tag));
  const noun = nouns.at(-1)?.word;
  return noun && !lexicons().quantityNouns.has(noun) ? noun : undefined;
}

/** `word` in `text`, its characters at most two apart ("地灾(险)情" names 险情), or without an aside in brackets. */
export function namesLoosely(text: string, word: string): boolean {
  // "数据（算力）中心" names 数据中心 once its aside is dropped.
  const plain = text.replace(/[（(][^（）()]{1,8}[）)]/g, "");
  if (text.includes(word) || plain.includes(word)) return true;
  const chars = [...word].map((char) => char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(chars.join("[^，,。；;]{0,2}")).test(text);
}

/**
 * "哪个省的联盟最多" ranks what the sources would have to compare: a passage that states one
 * figure does not say it is the most. Only a source that itself ranks (最多, 首个, 第一) answers.
 */
export function unrankedSuperlative(question: string, accepted: Candidate[]): boolean {
  const asked = SUPERLATIVE_QUESTION.exec(question);
  const superlative = asked ? (asked[1] ?? asked[2] ?? asked[3]) : undefined;
  return (
    superlative !== undefined && !accepted.slice(0, 5).some((c) => c.text.includes(superlative) || RANKS.test(c.text))
  );
}

/**
 * "为什么只有10家商户": a figure the question takes as given must be in the source it would be
 * answered from; where the source states another (130家), the premise is false. Years are the
 * time guard's.
 */
export function unstatedPremiseFigure(question: string, accepted: Candidate[]): string | undefined {
  const figures = [...question.matchAll(FIGURES)]
    .map((match) => match[0])
    .filter((figure) => !/^(?:19|20)\d{2}年$/.test(figure) && !/^第?一[^\d]?$/.test(figure));
  const articles = [...new Set(accepted.slice(0, 5).map((candidate) => candidate.article))];
  const text = articles.map((article) => foldAliases(article.text.normalize("NFKC"))).join("");
  return figures.find((figure) => !text.includes(foldAliases(figure.normalize("NFKC"))));
}

const RELATIVE_YEAR = /去年|前年|上一年|上年度/;

/** "去年…增收了多少": a source speaking of 今年 does not state last year's figure. */
export function statesRelativeYear(question: string, candidate: Candidate): boolean {
  const asked = RELATIVE_YEAR.exec(question)?.[0];
  if (!asked) return true;
  const paragraph = candidate.article.paragraphs[candidate.paragraph];
  const text = paragraph ? candidate.article.text.slice(paragraph.start, paragraph.end) : candidate.text;
  return text.includes(asked);
}

/**
 * A why-question on a change the sources never name ("为什么群众投诉增加了", "为什么只剩…") presupposes
 * it. "为什么说…" asks for the reasoning of what a source says, and its words are often paraphrased.
 */
export function asksWhyOfChange(question: string): boolean {
  return (
    /为什么(?!说)|为何/.test(question) &&
    /增加|增多|减少|下降|上升|提高|降低|下滑|失败|放弃|不再|没有|未能|只有|只剩|那么|这么|太/.test(question)
  );
}

/** Parts of a year a figure is stated for. The five-year plans are read against the whole article. */
const YEAR_PART = /上半年|下半年|全年|前三季度|第?[一二三四]季度/;
const PLAN_PERIOD = /“?十[一二三四五六]五”?/;

/**
 * "下半年…增长了多少" is not answered by "上半年…增长9.6%", nor "“十三五”期间" by an article on the
 * 十四五: the sentence states another part of the year, or the article never names the plan period.
 */
export function statesPeriod(question: string, candidate: Candidate): boolean {
  const part = YEAR_PART.exec(question)?.[0];
  const stated = YEAR_PART.exec(candidate.text)?.[0];
  if (part && stated && stated !== part) return false;
  const plan = PLAN_PERIOD.exec(question)?.[0]?.replace(/[“”]/g, "");
  return !plan || `${candidate.article.title}${candidate.article.text}`.includes(plan);
}

/**
 * A quoted name in the question (“优秀单位”, “6+2”) is a name: the source must write it, or write it
 * with one character different (a typing slip in a long name).
 */
export function unstatedQuotedName(question: string, accepted: Candidate[]): string | undefined {
  const quoted = [...question.matchAll(/[“"「]([^”"」]{2,12})[”"」]/g)].slice(0, 5);
  const names = quoted.map((match) => foldAliases(match[1] ?? ""));
  const articles = [...new Set(accepted.slice(0, 5).map((candidate) => candidate.article))];
  const text = foldAliases(articles.map((article) => `${article.title}${article.text}`).join("\n"));
  return names.find((name) => !text.includes(name) && !(name.length >= 4 && withinOneSlip(text, name)));
}

function withinOneSlip(text: string, name: string): boolean {
  const chars = [...name];
  for (let at = 0; at + chars.length <= text.length; at++) {
    let slips = 0;
    for (let i = 0; i < chars.length && slips <= 1; i++) if (text[at + i] !== chars[i]) slips++;
    if (slips <= 1) return true;
  }
  return false;
}
