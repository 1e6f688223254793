// The number check. Wrong figures are what users complain about most, so every
// figure in an answer must be found, next to the same measure word, in the
// passage its clause cites. Both answer paths and the briefings run it; it needs no LLM.
// What a figure is, and how it is read, is figure-grammar.ts's.
//
// A figure is compared by value + unit + "approximate" flag, so 3.61万个 ≡
// 36,100个, 十条 ≡ 10条 and 5100多个 ≡ 5100余个, while 901个 ≠ 901名 and 90 is
// not found inside 901 (figures are read whole, never as substrings).
import {
  formatCitationMarkers,
  leadingCitationMarkers,
  parseCitationMarkers,
  stripCitationMarkers,
} from "./citations.js";
import { readFigures, type Figure } from "./figure-grammar.js";
import { capReply } from "./reply-limits.js";

function sameNumber(a: Figure, b: Figure): boolean {
  return a.value !== null && b.value !== null ? a.value === b.value : a.numeral === b.numeral;
}

/** A figure without a measure word (English answers: "901 alliances") only needs the same number. */
function isSupported(figure: Figure, pool: Figure[]): boolean {
  if (figure.unit === "") return pool.some((candidate) => sameNumber(figure, candidate));
  return pool.some(
    (candidate) =>
      candidate.unit === figure.unit && candidate.approx === figure.approx && sameNumber(figure, candidate),
  );
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
const STATES_ABSENCE =
  /无法回答|(?:没有|未|并未|均未)(?:提到|提及|涉及|给出|说明|披露|包含|相关)|not (?:mention|cover|say|state|include|contain)|no (?:information|data)/i;

/**
 * Cheap pre-checks, so the many short clauses of a long reply cost little: no numeral, no figure; no bracket, no
 * marker.
 */
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
  if (sentenceMarkers.length === 0 && STATES_ABSENCE.test(text))
    return sentence.clauses.map((clause) => ({ clause, unsupported: [] }));
  return sentence.clauses.map((clause) => {
    if (!mayHoldFigure(clause.body)) return { clause, unsupported: [] };
    const own = BRACKET.test(clause.body) ? parseCitationMarkers(clause.body) : [];
    const cited = own.length > 0 ? own : sentenceMarkers;
    const pool = cited.length > 0 ? cited.flatMap((n) => quoteFigures.get(n) ?? []) : allFigures;
    const unsupported = readFigures(stripCitationMarkers(clause.body)).filter((figure) => !isSupported(figure, pool));
    return { clause, unsupported };
  });
}

function figuresOfQuotes(quotes: Map<number, string>): Map<number, Figure[]> {
  return new Map([...quotes].map(([n, quote]) => [n, readFigures(quote)]));
}

/**
 * Every figure of `answer` that the passage(s) its clause cites do not contain, with the sentence it is in.
 * Text past the reply caps (reply-limits.ts) is not read, so such an answer is never `ok`.
 */
export function checkFigures(
  answer: string,
  quotes: Map<number, string>,
): { ok: boolean; unsupported: Array<{ figure: string; sentence: string }> } {
  const { text: checked, capped } = capReply(answer);
  const quoteFigures = figuresOfQuotes(quotes);
  const allFigures = [...quoteFigures.values()].flat();
  const unsupported: Array<{ figure: string; sentence: string }> = [];
  for (const sentence of parseSentences(checked)) {
    const checks = checkSentence(sentence, quoteFigures, allFigures);
    if (checks.every((check) => check.unsupported.length === 0)) continue;
    const text = sentenceText(sentence).trim();
    for (const check of checks)
      for (const figure of check.unsupported) unsupported.push({ figure: figure.text, sentence: text });
  }
  return { ok: unsupported.length === 0 && !capped, unsupported };
}

/**
 * Drop every clause that states an unsupported figure (a sentence left with no
 * clause is dropped whole). A wrong number cannot be repaired without knowing
 * the right one, and a clause without its number would say something else.
 * Text past the reply caps (reply-limits.ts) is cut first: it is never returned unchecked.
 */
export function removeUnsupportedFigures(
  reply: string,
  quotes: Map<number, string>,
): { text: string; removed: string[] } {
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
    let text = keptClauses
      .map((clause, i) => clause.body + (i < keptClauses.length - 1 ? clause.separator : ""))
      .join("");
    // The kept clauses leaned on a marker that sat in a dropped clause: keep citing it.
    const sentenceMarkers = parseCitationMarkers(sentenceText(sentence));
    if (parseCitationMarkers(text + sentence.tail).length === 0 && sentenceMarkers.length > 0)
      text += formatCitationMarkers(sentenceMarkers);
    return text + sentence.tail;
  });
  return { text: removed.length > 0 ? kept.join("").trim() : answer, removed };
}
