// The number check. Wrong figures are what users complain about most, so every
// figure in an answer must be found, next to the same measure word, in the
// passage its clause cites. Both answer paths run it; it needs no LLM.
//
// A figure is compared by value + unit + "approximate" flag, so 3.61万个 ≡
// 36,100个, 十条 ≡ 10条 and 5100多个 ≡ 5100余个, while 901个 ≠ 901名 and 90 is
// not found inside 901 (figures are read whole, never as substrings).
import { formatCitationMarkers, leadingCitationMarkers, parseCitationMarkers, stripCitationMarkers } from "./citations.js";
import { capReply } from "./reply-limits.js";

interface Figure {
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
const UNITS = [
  "个百分点", "百分点", "平方公里", "平方米", "个月", "小时", "分钟", "季度", "公里", "千米", "公顷", "公斤", "千克", "美元", "人次",
  "个", "名", "家", "支", "条", "件", "项", "位", "人", "次", "户", "所", "座", "处", "村", "台", "套", "辆", "艘", "架", "张", "本",
  "部", "篇", "场", "批", "届", "期", "轮", "类", "种", "份", "头", "只", "栋", "间", "层", "款", "首", "枚", "颗", "株", "棵", "亩",
  "吨", "斤", "克", "升", "米", "度", "岁", "年", "月", "日", "天", "周", "秒", "元", "倍", "级", "成", "股", "片", "段", "组", "对",
  "%", "‰",
].sort((a, b) => b.length - a.length);
const UNIT = `(${UNITS.join("|")})`;
const CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿";
const ARABIC = `(?<![\\d.])(\\d+(?:\\.\\d+)?) ?([余多])?(万亿|万|亿)?([余多])? ?(?:(thousand|million|billion)\\b)?${UNIT}?`;
const CHINESE = `(?<![${CN_NUMERALS}\\d])([${CN_NUMERALS}]+)([余多])?${UNIT}`;
const FIGURE = new RegExp(`${ARABIC}|${CHINESE}`, "gu");

const MAGNITUDES: Record<string, number> = { 万: 1e4, 亿: 1e8, 万亿: 1e12, thousand: 1e3, million: 1e6, billion: 1e9 };
const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_SMALL: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_BIG: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** Full-width → ASCII, markdown emphasis and thousands separators dropped. "，" stays a clause break, never a separator. */
function normalize(text: string): string {
  let normalized = text.replace(/，/g, "、").normalize("NFKC").replace(/\*\*|__/g, "");
  for (let previous = ""; previous !== normalized; ) {
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
    if (char in CN_DIGITS) {
      if (digit !== null) return null;
      digit = CN_DIGITS[char]!;
    } else if (char in CN_SMALL) {
      section += (digit ?? 1) * CN_SMALL[char]!;
      digit = null;
    } else {
      // 亿 scales everything before it; 万 only its own section (一亿三千万 = 1.3亿).
      const group = section + (digit ?? 0) || 1;
      total = char === "亿" ? (total + group) * CN_BIG[char]! : total + group * CN_BIG[char]!;
      section = 0;
      digit = null;
    }
  }
  return total + section + (digit ?? 0);
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}

/** Every figure in `text`, read whole. */
function extractFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  for (const match of normalize(text).matchAll(FIGURE)) {
    const [whole, arabic, approx1, magnitude, approx2, english, arabicUnit, chinese, cnApprox, chineseUnit] = match;
    if (arabic !== undefined) {
      const scale = (MAGNITUDES[magnitude ?? ""] ?? 1) * (MAGNITUDES[english ?? ""] ?? 1);
      figures.push({ text: whole.trim(), value: round(Number(arabic) * scale), numeral: arabic, approx: Boolean(approx1 ?? approx2), unit: arabicUnit ?? "" });
    } else if (chinese !== undefined) {
      // A lone 一/万/千/亿 is an article or a word (一批, 统一部署, 万家灯火), not a count.
      if (/^[一万千亿]$/.test(chinese) || /^一+$/.test(chinese)) continue;
      const value = chineseValue(chinese);
      figures.push({ text: whole, value: value === null ? null : round(value), numeral: chinese, approx: cnApprox !== undefined, unit: chineseUnit! });
    }
  }
  return figures;
}

function sameNumber(a: Figure, b: Figure): boolean {
  return a.value !== null && b.value !== null ? a.value === b.value : a.numeral === b.numeral;
}

/** A figure without a measure word (English answers: "901 alliances") only needs the same number. */
function isSupported(figure: Figure, pool: Figure[]): boolean {
  if (figure.unit === "") return pool.some((candidate) => sameNumber(figure, candidate));
  return pool.some((candidate) => candidate.unit === figure.unit && candidate.approx === figure.approx && sameNumber(figure, candidate));
}

interface Clause {
  body: string;
  /** The separator that followed it ("，"), "" for the last clause. */
  separator: string;
}

interface Sentence {
  clauses: Clause[];
  /** End punctuation, closing quotes and any markers written after it: "。[1]". */
  tail: string;
}

// A line break takes the whitespace after it: each end mark is then followed by
// visible text, so looking for the markers after it never rescans a long blank run.
const SENTENCE_END = /[。！？!?；;]+[”’」』）)》】"']*|\.(?=\s|$)|\n\s*/g;
const CLAUSE_BREAK = /，|(?<!\d)[,:：]|[,:：](?!\d)/g;

/** Split into sentences and clauses without losing a character: joining them gives `answer` back. */
function parseSentences(answer: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const push = (body: string, tail: string) => {
    if (body === "" && tail === "") return;
    const clauses: Clause[] = [];
    let clauseStart = 0;
    for (const match of body.matchAll(CLAUSE_BREAK)) {
      clauses.push({ body: body.slice(clauseStart, match.index), separator: match[0] });
      clauseStart = match.index + match[0].length;
    }
    clauses.push({ body: body.slice(clauseStart), separator: "" });
    sentences.push({ clauses, tail });
  };
  for (const match of answer.matchAll(SENTENCE_END)) {
    if (match.index < start) continue;
    const afterEnd = match.index + match[0].length;
    // Markers right after an end mark cite the sentence before it ("。[1]"); after a
    // line break they open the next line, so trimming the reply never moves them.
    const markers = match[0].startsWith("\n") ? "" : leadingCitationMarkers(answer.slice(afterEnd));
    push(answer.slice(start, match.index), match[0] + markers);
    start = afterEnd + markers.length;
  }
  push(answer.slice(start), "");
  return sentences;
}

function sentenceText(sentence: Sentence): string {
  return sentence.clauses.map((clause) => clause.body + clause.separator).join("") + sentence.tail;
}

interface ClauseCheck {
  clause: Clause;
  unsupported: Figure[];
}

/** "资料没有提到2024年的数据": an uncited sentence saying what is missing claims no figure. */
const STATES_ABSENCE = /无法回答|(?:没有|未|并未|均未)(?:提到|提及|涉及|给出|说明|披露|包含|相关)|not (?:mention|cover|say|state|include|contain)|no (?:information|data)/i;

/** Cheap pre-checks, so the many short clauses of a long reply cost little: no numeral, no figure; no bracket, no marker. */
const NUMERAL = /[\d０-９零〇一二两三四五六七八九十百千万亿]/;
const BRACKET = /[[［]/;

/**
 * Figures are read after NFKC, so the pre-check must see what NFKC makes digits
 * too (𝟗, ①, ²): otherwise such a clause passes unread here and is flagged once
 * a marker in the same clause makes the fast test true.
 */
function mayHoldFigure(text: string): boolean {
  return NUMERAL.test(text) || NUMERAL.test(text.normalize("NFKC"));
}

function checkSentence(sentence: Sentence, quoteFigures: Map<number, Figure[]>, allFigures: Figure[]): ClauseCheck[] {
  const text = sentenceText(sentence);
  if (!mayHoldFigure(text)) return sentence.clauses.map((clause) => ({ clause, unsupported: [] }));
  const sentenceMarkers = BRACKET.test(text) ? parseCitationMarkers(text) : [];
  if (sentenceMarkers.length === 0 && STATES_ABSENCE.test(text)) return sentence.clauses.map((clause) => ({ clause, unsupported: [] }));
  return sentence.clauses.map((clause) => {
    if (!mayHoldFigure(clause.body)) return { clause, unsupported: [] };
    const own = BRACKET.test(clause.body) ? parseCitationMarkers(clause.body) : [];
    const cited = own.length > 0 ? own : sentenceMarkers;
    const pool = cited.length > 0 ? cited.flatMap((n) => quoteFigures.get(n) ?? []) : allFigures;
    const unsupported = extractFigures(stripCitationMarkers(clause.body)).filter((figure) => !isSupported(figure, pool));
    return { clause, unsupported };
  });
}

function figuresOfQuotes(quotes: Map<number, string>): Map<number, Figure[]> {
  return new Map([...quotes].map(([n, quote]) => [n, extractFigures(quote)]));
}

/**
 * Every figure of `answer` that the passage(s) its clause cites do not contain, with the sentence it is in.
 * Text past the reply caps (reply-limits.ts) is not read, so such an answer is never `ok`.
 */
export function checkFigures(answer: string, quotes: Map<number, string>): { ok: boolean; unsupported: Array<{ figure: string; sentence: string }> } {
  const { text: checked, capped } = capReply(answer);
  const quoteFigures = figuresOfQuotes(quotes);
  const allFigures = [...quoteFigures.values()].flat();
  const unsupported: Array<{ figure: string; sentence: string }> = [];
  for (const sentence of parseSentences(checked)) {
    const checks = checkSentence(sentence, quoteFigures, allFigures);
    if (checks.every((check) => check.unsupported.length === 0)) continue;
    const text = sentenceText(sentence).trim();
    for (const check of checks) for (const figure of check.unsupported) unsupported.push({ figure: figure.text, sentence: text });
  }
  return { ok: unsupported.length === 0 && !capped, unsupported };
}

/**
 * Drop every clause that states an unsupported figure (a sentence left with no
 * clause is dropped whole). A wrong number cannot be repaired without knowing
 * the right one, and a clause without its number would say something else.
 * Text past the reply caps (reply-limits.ts) is cut first: it is never returned unchecked.
 */
export function removeUnsupportedFigures(reply: string, quotes: Map<number, string>): { text: string; removed: string[] } {
  const answer = capReply(reply).text;
  const quoteFigures = figuresOfQuotes(quotes);
  const allFigures = [...quoteFigures.values()].flat();
  const removed: string[] = [];
  const kept = parseSentences(answer).map((sentence) => {
    const checks = checkSentence(sentence, quoteFigures, allFigures);
    if (checks.every((check) => check.unsupported.length === 0)) return sentenceText(sentence);
    for (const check of checks) for (const figure of check.unsupported) removed.push(figure.text);
    const keptClauses = checks.filter((check) => check.unsupported.length === 0).map((check) => check.clause);
    if (keptClauses.length === 0) return "";
    let text = keptClauses.map((clause, i) => clause.body + (i < keptClauses.length - 1 ? clause.separator : "")).join("");
    // The kept clauses leaned on a marker that sat in a dropped clause: keep citing it.
    const sentenceMarkers = parseCitationMarkers(sentenceText(sentence));
    if (parseCitationMarkers(text + sentence.tail).length === 0 && sentenceMarkers.length > 0) text += formatCitationMarkers(sentenceMarkers);
    return text + sentence.tail;
  });
  return { text: removed.length > 0 ? kept.join("").trim() : answer, removed };
}
