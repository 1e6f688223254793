// What a figure looks like, for the answer engine and the briefings alike: the one place that
// says it. It is read two ways, on purpose:
// - cues (FIGURE, ARABIC_FIGURE, figureWithUnit, statesCount, askedUnit) find sentences that state a
//   count, on the raw text, with the measure words of the lexicon (what a question counts in);
// - readFigures reads every figure of a text whole, with its value, for the number check
//   (figures.ts). It knows more measure words (个月, 平方公里, %, 岁…) than a question asks for,
//   so that 3个月 is never read as 3个, and it reads the forms a model writes (3.61万, 5 million).
import { alternation, lexicons } from "../../ingest/lexicons/index.js";

/** 5100余个, 二十多家: the approximate-figure marks. */
const APPROX = "[余多]";

// --- Cues -------------------------------------------------------------------------------------

const MEASURE = alternation(lexicons().measureWords);
// Each number starts where a numeral starts (the look-behinds): a long run of digits without a measure
// word is then rejected once, not once from each of its positions.
const ARABIC_START = "(?<![0-9０-９]|[0-9０-９][.,])";
const CUE_NUMERAL = "[一二三四五六七八九十百千万两]";
const ARABIC_NUMBER = `${ARABIC_START}[0-9０-９]+(?:[.,][0-9]+)*`;
const CHINESE_NUMBER = `(?<!${CUE_NUMERAL})${CUE_NUMERAL}+`;
/** An Arabic figure with its measure word: "901个", "3.61万个", "9.6%". */
const ARABIC_FIGURE_SOURCE = `${ARABIC_NUMBER}${APPROX}?(?:万|亿)?(?:${MEASURE}|%|％|余)`;
// 十条举措, 两个, 三支队伍: Chinese numerals with a measure word.
const CHINESE_FIGURE_SOURCE = `${CHINESE_NUMBER}${APPROX}?(?:${MEASURE})`;
const FIGURE_SOURCE = `${ARABIC_FIGURE_SOURCE}|${CHINESE_FIGURE_SOURCE}`;

export const ARABIC_FIGURE = new RegExp(ARABIC_FIGURE_SOURCE);
/** Every Arabic figure of a text, for matchAll only (a global pattern keeps state in test/exec). */
export const ARABIC_FIGURES = new RegExp(ARABIC_FIGURE_SOURCE, "g");
/** A figure with its measure word, Arabic or Chinese. */
export const FIGURE = new RegExp(FIGURE_SOURCE);
/** Every figure of a text, for matchAll only. */
export const FIGURES = new RegExp(FIGURE_SOURCE, "g");

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
export function figureWithUnit(unit: string, flags = ""): RegExp {
  return new RegExp(`(?:${ARABIC_NUMBER}|第?${CHINESE_NUMBER})${APPROX}?(?:万|亿)?${unit}`, flags);
}

/**
 * Does `text` state a count (in `unit` when given)? "一家企业", "每寄一件" use 一 as an article, and
 * "2022年" is a date, not how many: neither answers a 多少 question (unless it asks 多少年).
 */
export function statesCount(text: string, unit?: string): boolean {
  for (const match of text.matchAll(unit ? figureWithUnit(unit, "g") : FIGURES)) {
    const figure = match[0];
    if (/^第?一(?:余|多)?(?!万|亿)[^\d一二三四五六七八九十百千万两]*$/.test(figure)) continue;
    if (/^(?:19|20)\d{2}年$/.test(figure) && unit !== "年") continue;
    return true;
  }
  return false;
}

// --- The number check's reader ----------------------------------------------------------------------

export interface Figure {
  /** As read (after normalising), for reports: "902个". */
  text: string;
  /** Numeric value with 万/亿 applied; null for forms we do not evaluate (二三级). */
  value: number | null;
  /** The numeral itself, compared when there is no value. */
  numeral: string;
  approx: boolean;
  /** Measure word right after the number ("个", "万元" → "元", "%"), "" if none. */
  unit: string;
}

// Longest first, so 个月 wins over 个 and 公里 over 里.
const CHECK_UNITS = [
  "个百分点",
  "百分点",
  "平方公里",
  "平方米",
  "个月",
  "小时",
  "分钟",
  "季度",
  "公里",
  "千米",
  "公顷",
  "公斤",
  "千克",
  "美元",
  "人次",
  "个",
  "名",
  "家",
  "支",
  "条",
  "件",
  "项",
  "位",
  "人",
  "次",
  "户",
  "所",
  "座",
  "处",
  "村",
  "台",
  "套",
  "辆",
  "艘",
  "架",
  "张",
  "本",
  "部",
  "篇",
  "场",
  "批",
  "届",
  "期",
  "轮",
  "类",
  "种",
  "份",
  "头",
  "只",
  "栋",
  "间",
  "层",
  "款",
  "首",
  "枚",
  "颗",
  "株",
  "棵",
  "亩",
  "吨",
  "斤",
  "克",
  "升",
  "米",
  "度",
  "岁",
  "年",
  "月",
  "日",
  "天",
  "周",
  "秒",
  "元",
  "倍",
  "级",
  "成",
  "股",
  "片",
  "段",
  "组",
  "对",
  "%",
  "‰",
].sort((a, b) => b.length - a.length);
const CHECK_UNIT = `(${CHECK_UNITS.join("|")})`;
const CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿";
const ARABIC_MAGNITUDE = `(${APPROX})?(万亿|万|亿)?(${APPROX})? ?(?:(thousand|million|billion)\\b)?`;
const ARABIC = `(?<![\\d.])(\\d+(?:\\.\\d+)?) ?${ARABIC_MAGNITUDE}${CHECK_UNIT}?`;
const CHINESE = `(?<![${CN_NUMERALS}\\d])([${CN_NUMERALS}]+)(${APPROX})?${CHECK_UNIT}`;
const READ_FIGURE = new RegExp(`${ARABIC}|${CHINESE}`, "gu");

const MAGNITUDES: Record<string, number> = { 万: 1e4, 亿: 1e8, 万亿: 1e12, thousand: 1e3, million: 1e6, billion: 1e9 };
const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_SMALL: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_BIG: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** Full-width → ASCII, markdown emphasis and thousands separators dropped. "，" stays a clause break. */
function normalize(text: string): string {
  let normalized = text
    .replace(/，/g, "、")
    .normalize("NFKC")
    .replace(/\*\*|__/g, "");
  for (let previous = ""; previous !== normalized;) {
    previous = normalized;
    normalized = normalized.replace(/(\d),(\d{3})(?!\d)/g, "$1$2");
  }
  return normalized;
}

/** Simple Chinese numerals (十条, 二十多家, 三万, 百余件) → number; null for ranges like 二三. */
function chineseValue(numeral: string): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const char of numeral) {
    if (char === "零" || char === "〇") continue;
    const digitValue = CN_DIGITS[char];
    const small = CN_SMALL[char];
    if (digitValue !== undefined) {
      if (digit !== null) return null;
      digit = digitValue;
    } else if (small !== undefined) {
      section += (digit ?? 1) * small;
      digit = null;
    } else {
      // 亿 scales everything before it; 万 only its own section (一亿三千万 = 1.3亿).
      const group = section + (digit ?? 0) || 1;
      const big = CN_BIG[char] ?? 1;
      total = char === "亿" ? (total + group) * big : total + group * big;
      section = 0;
      digit = null;
    }
  }
  return total + section + (digit ?? 0);
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}

/** Every figure in `text`, read whole: 90 is never found inside 901. */
export function readFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  for (const match of normalize(text).matchAll(READ_FIGURE)) {
    const [whole, arabic, approx1, magnitude, approx2, english, arabicUnit, chinese, cnApprox, chineseUnit] = match;
    if (arabic !== undefined) {
      const scale = (MAGNITUDES[magnitude ?? ""] ?? 1) * (MAGNITUDES[english ?? ""] ?? 1);
      const approx = Boolean(approx1 ?? approx2);
      const value = round(Number(arabic) * scale);
      figures.push({ text: whole.trim(), value, numeral: arabic, approx, unit: arabicUnit ?? "" });
    } else if (chinese !== undefined && chineseUnit !== undefined) {
      // A lone 一/万/千/亿 is an article or a word (一批, 统一部署, 万家灯火), not a count.
      if (/^[一万千亿]$/.test(chinese) || /^一+$/.test(chinese)) continue;
      const value = chineseValue(chinese);
      const approx = cnApprox !== undefined;
      figures.push({
        text: whole,
        value: value === null ? null : round(value),
        numeral: chinese,
        approx,
        unit: chineseUnit,
      });
    }
  }
  return figures;
}
