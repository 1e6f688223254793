// Cues in a question and its candidate sentences: which words only ask, what a
// figure or a date looks like, which role a 谁 question names, which term a
// 什么是 question defines, and short and long forms of organisation names.
import type { QuestionAnalysis } from "./question.js";

// Interrogatives name what is asked for, not what the source must contain.
// Colloquial fillers ("那边", "大概", "文章里说的") are rare in news text, so IDF
// would weigh them most: they are dropped too.
export const QUESTION_WORDS =
  /多少钱|多少|哪一年|哪年|何时|什么时候|什么|哪些|哪个|哪位|哪里|哪儿|谁|如何|怎样|怎么样|怎么|为什么|为何|是否|有没有|吗|呢|请问|几|那边|这边|那里|大概|大约|左右|一共|总共|到底|究竟|(?:文章|报道|评论)(?:里|中)?(?:说的|提到的?)?|那位|这位|那个|这个|分别/g;
// Measure words that follow a count in this kind of text.
const MEASURE = "个|家|名|人|项|条|支|次|件|起|期|亩|元|公里|米|吨|倍|年|月|日|天|小时|种|类|批|辆|台|座|所|户|位|篇|场|份|套|张|本|只|头|公顷";
// Each starts where a numeral starts (the look-behinds): a long run of digits without a measure word is then
// rejected once, not once from each of its positions.
const ARABIC_START = "(?<![0-9０-９]|[0-9０-９][.,])";
const CHINESE_NUMERAL = "[一二三四五六七八九十百千万两]";
const CHINESE_START = `(?<!${CHINESE_NUMERAL})`;
export const ARABIC_FIGURE = new RegExp(`${ARABIC_START}[0-9０-９]+(?:[.,][0-9]+)*(?:余|多)?(?:万|亿)?(?:${MEASURE}|%|％|余)`);
// 十条举措, 两个, 三支队伍: Chinese numerals with a measure word.
const CHINESE_FIGURE = new RegExp(`${CHINESE_START}${CHINESE_NUMERAL}+(?:余|多)?(?:${MEASURE})`);
export const FIGURE = new RegExp(`${ARABIC_FIGURE.source}|${CHINESE_FIGURE.source}`);
export const DATE = /(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|今年\d{1,2}月|\d{1,2}月(?:上旬|中旬|下旬|份)?|(?:上午|下午|晚上|清晨|凌晨|中午)\d{1,2}点|\d{1,2}点|每(?:年|季度|月|周|天)/;
const TYPE_EVIDENCE: Partial<Record<QuestionAnalysis["type"], RegExp>> = {
  quantity: FIGURE,
  date: DATE,
  person: /书记|主任|部长|负责人|经理|队长|所长|处长|院长|教授|记者|[\u4e00-\u9fff]{2,3}(?:说|介绍|表示)/,
  list: /、.*、/,
  definition: /是|指|即/,
  reason: /因为|由于|为了|旨在|目的/,
  method: /通过|采取|建立|推动|实施|依托/,
};

/** The role a 谁 question asks about: "贵安综合保税区孵化园联合党支部的党建专员是谁" → "党建专员". */
export function askedRole(question: string): string | undefined {
  // The first of the phrases, found without a lazy `(.+?)` that would rescan the question from each position.
  const at = Math.min(...["是谁", "是哪位", "叫什么"].map((phrase) => question.indexOf(phrase)).filter((index) => index > 0));
  const before = Number.isFinite(at) ? question.slice(0, at).split("\n").at(-1) : undefined;
  if (!before) return undefined;
  const role = before.split("的").at(-1)!.slice(-4);
  return role.length >= 2 ? role : undefined;
}

/** "几年" asks for a figure in 年: "两个昼夜" is no answer to it. */
function askedUnit(question: string): string | undefined {
  return new RegExp(`(?:多少|几)(?:万|亿)?(${MEASURE})`).exec(question)?.[1];
}

export function evidenceFor(question: string, analysis: QuestionAnalysis): RegExp | undefined {
  const unit = analysis.type === "quantity" ? askedUnit(question) : undefined;
  if (unit) return new RegExp(`(?:${ARABIC_START}[0-9０-９]+(?:[.,][0-9]+)*|${CHINESE_START}${CHINESE_NUMERAL}+)(?:余|多)?(?:万|亿)?${unit}`);
  return TYPE_EVIDENCE[analysis.type];
}

export function definedTerm(question: string): string | undefined {
  const term = question
    .replace(/什么是|是什么|指的是|指什么|何为|的含义|含义|文章里说的|[？?。“”"'「」\s]/g, "")
    .trim();
  return term.length >= 2 ? term : undefined;
}

// Short and long forms of the same organisation names.
const ALIASES: Array<[RegExp, string]> = [
  [/工业和信息化/g, "工信"],
  [/综合保税区/g, "综保区"],
  [/发展和改革委员会|发展改革委/g, "发改委"],
];

export function foldAliases(text: string): string {
  return ALIASES.reduce((folded, [pattern, short]) => folded.replace(pattern, short), text);
}

/**
 * The quantity a count question asks for: before "是多少" ("营收是多少" → 营收), else
 * after "多少/几" and its measure word ("多少家专精特新企业" → 专精特新企业).
 */
export function askedAttribute(question: string): string | undefined {
  // "X有多少Y" asks for Y; "X是多少" asks for X.
  const before = /([\u4e00-\u9fff]{2,8}?)(?:是|为|达到?)(?:多少|几)/.exec(question.replace(/的/g, ""))?.[1];
  if (before) return before;
  const after = new RegExp(`(?:多少|几)(?:万|亿)?(?:${MEASURE})?([\\u4e00-\\u9fff]{2,8})`).exec(question)?.[1];
  return after;
}

