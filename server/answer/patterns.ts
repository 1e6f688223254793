// What a figure, a date and a year look like in this kind of text, built from
// the measure-word lexicon. These find candidate facts; figures.ts (the check
// on every answer) reads figures whole with its own grammar.
import { alternation, lexicons } from "../../ingest/lexicons/index.js";

const MEASURE = alternation(lexicons().measureWords);
// Each number starts where a numeral starts (the look-behinds): a long run of digits without a measure
// word is then rejected once, not once from each of its positions.
const ARABIC_START = "(?<![0-9０-９]|[0-9０-９][.,])";
const CHINESE_NUMERAL = "[一二三四五六七八九十百千万两]";
const ARABIC_NUMBER = `${ARABIC_START}[0-9０-９]+(?:[.,][0-9]+)*`;
const CHINESE_NUMBER = `(?<!${CHINESE_NUMERAL})${CHINESE_NUMERAL}+`;
/** An Arabic figure with its measure word: "901个", "3.61万个", "9.6%". */
export const ARABIC_FIGURE = new RegExp(`${ARABIC_NUMBER}(?:余|多)?(?:万|亿)?(?:${MEASURE}|%|％|余)`);
// 十条举措, 两个, 三支队伍: Chinese numerals with a measure word.
const CHINESE_FIGURE = `${CHINESE_NUMBER}(?:余|多)?(?:${MEASURE})`;

export const FIGURE = new RegExp(`${ARABIC_FIGURE.source}|${CHINESE_FIGURE}`);
export const DATE = new RegExp(
  [
    "(?:19|20)\\d{2}年(?:\\d{1,2}月)?(?:\\d{1,2}日)?",
    "\\d{1,2}月\\d{1,2}日",
    "今年\\d{1,2}月",
    "\\d{1,2}月(?:上旬|中旬|下旬|份)?",
    "(?:上午|下午|晚上|清晨|凌晨|中午)\\d{1,2}点",
    "\\d{1,2}点",
    "每(?:年|季度|月|周|天)",
  ].join("|"),
);
/** A four-digit year: 2020年, 2025. */
export const YEAR = /(?<!\d)((?:19|20)\d{2})(?:年|(?!\d))/g;

const PEOPLE_UNITS = ["名", "人", "位"];

/** The measure word a count question asks for: 几辆 wants 辆, 多少亿元 wants 元. */
export function askedUnit(question: string): string | undefined {
  const match = new RegExp(`(?:多少|几|第几)(?:万|亿)?(${MEASURE})(?:[(（](${MEASURE})[)）])?`).exec(question);
  // "多少次（期）" accepts either measure word.
  if (match?.[2]) return `(?:${match[1]}|${match[2]})`;
  // People are counted in 名, 人 or 位 alike: "多少名…人员" is answered by "1670人".
  return match?.[1] && PEOPLE_UNITS.includes(match[1]) ? "(?:名|人(?!次)|位)" : match?.[1];
}

/** A figure in `unit`: "3.61万个" for 个. */
export function figureWithUnit(unit: string): RegExp {
  return new RegExp(`(?:${ARABIC_NUMBER}|第?${CHINESE_NUMBER})(?:余|多)?(?:万|亿)?${unit}`);
}

/**
 * Does `text` state a count (in `unit` when given)? "一家企业", "每寄一件" use 一 as an article, and
 * "2022年" is a date, not how many: neither answers a 多少 question (unless it asks 多少年).
 */
export function statesCount(text: string, unit?: string): boolean {
  const pattern = new RegExp((unit ? figureWithUnit(unit) : FIGURE).source, "g");
  for (const match of text.matchAll(pattern)) {
    const figure = match[0];
    if (/^第?一(?:余|多)?(?!万|亿)[^\d一二三四五六七八九十百千万两]*$/.test(figure)) continue;
    if (/^(?:19|20)\d{2}年$/.test(figure) && unit !== "年") continue;
    return true;
  }
  return false;
}

/** The years a text names, as strings ("2020"). */
export function yearsIn(text: string): string[] {
  return [...new Set([...text.normalize("NFKC").matchAll(YEAR)].map((match) => match[1]!))];
}

/** The level of place a 哪个 question asks for: "在哪个县成立的" → 县. */
export function askedPlaceKind(question: string): string | undefined {
  return /哪(?:一)?个(省|市|县|区|州|镇|乡|村)/.exec(question)?.[1];
}

/** Does `text` name a place of that level ("黔南州贵定县"), not just refer to one (该县, 全县)? */
export function namesPlaceOfKind(text: string, kind: string): boolean {
  for (const match of text.matchAll(new RegExp(`[\\u4e00-\\u9fff]{2,6}?${kind}`, "g"))) {
    if (!/^[该本全各每这那此]/.test(match[0].slice(-2))) return true;
  }
  return false;
}
