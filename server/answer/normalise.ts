// Stage 1: the question as people type it → the question the later stages read.
// Traditional characters are folded to simplified (OpenCC, Taiwan character
// variants included; no phrase rewriting, which would turn 建立 into 创建), full-width forms to half-width, and courtesy
// words,
// preambles and fillers from ingest/lexicons/fillers.txt are taken out, so
// "您好，请问…？谢谢" asks the same thing as "…？".
import * as OpenCC from "opencc-js/t2cn";
import { alternation, lexicons } from "../../ingest/lexicons/index.js";
import { trimEndOf, trimStartOf } from "./text-edges.js";

export interface NormalisedQuestion {
  /** What the user typed. */
  original: string;
  /** Simplified, half-width, without courtesy words, preambles and fillers. */
  text: string;
  language: "zh" | "en";
  /** The words taken out, in the order found (for the plan shown in the retrieval check). */
  removed: string[];
  /** A time filler was present ("这几年"): the question is about a recent period, not a count of years. */
  recentPeriod: boolean;
}

const lex = lexicons();
const toSimplified = OpenCC.Converter({ from: "tw", to: "cn" });
/** Punctuation and spaces around a courtesy word ("您好，", "？谢谢"). */
const EDGE = " \t,，.。!！?？:：;；、~～";
/** A question is read up to this length: it holds 1,000 characters, and nothing may make reading it slow. */
const MAX_CHARS = 4000;
const FILLER = new RegExp(alternation(lex.fillers), "g");
const TIME_FILLER = new RegExp(alternation(lex.timeFillers), "g");

export function detectLanguage(text: string): "zh" | "en" {
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  const han = (text.match(/[\u4e00-\u9fff]/g) ?? []).length;
  return latin > han * 2 ? "en" : "zh";
}

/** Full-width letters, digits and punctuation → half-width; ideographic space → space. */
function toHalfWidth(text: string): string {
  return text.normalize("NFKC").replace(/\u3000/g, " ");
}

/** A courtesy word at the start of `text` (after punctuation), case-insensitively. */
function courtesyAtStart(text: string): string | undefined {
  const lower = trimStartOf(text, EDGE).toLowerCase();
  return lex.courtesy.find((word) => lower.startsWith(word.toLowerCase()));
}

function courtesyAtEnd(text: string): string | undefined {
  const lower = trimEndOf(text, EDGE).toLowerCase();
  return lex.courtesy.find((word) => lower.endsWith(word.toLowerCase()));
}

/** Courtesy words and preambles at either end, repeatedly ("您好，请问" → ""). */
function stripEdges(text: string, removed: string[]): string {
  let current = text;
  for (let previous = ""; previous !== current;) {
    previous = current;
    const first = courtesyAtStart(current);
    if (first) {
      removed.push(first);
      current = trimStartOf(trimStartOf(current, EDGE).slice(first.length), EDGE);
    }
    const last = courtesyAtEnd(current);
    if (last) {
      removed.push(last);
      const body = trimEndOf(current, EDGE);
      const before = body.slice(0, body.length - last.length);
      // Keep the question mark the courtesy word followed ("…？谢谢" → "…?").
      current = /[?？]/.test(before.slice(-3)) ? `${trimEndOf(before, EDGE)}?` : trimEndOf(before, EDGE);
    }
    for (const pattern of lex.preambles) {
      const match = pattern.exec(current);
      if (!match || match[0] === "") continue;
      removed.push(trimEndOf(match[0], EDGE));
      current = current.slice(match[0].length);
    }
  }
  return current;
}

export function normaliseQuestion(question: string): NormalisedQuestion {
  const removed: string[] = [];
  let text = toHalfWidth(toSimplified(question.slice(0, MAX_CHARS))).trim();
  text = stripEdges(text, removed);
  const language = detectLanguage(text);
  let recentPeriod = false;
  if (language === "zh") {
    text = text.replace(TIME_FILLER, (word) => ((recentPeriod = true), removed.push(word), ""));
    text = text.replace(FILLER, (word) => (removed.push(word), ""));
  }
  // One space stays: it may separate two questions typed as one ("…是多少 …发展了多少党员").
  text = text.replace(/\s+/g, " ").trim();
  // Everything was courtesy ("谢谢"): keep what was typed rather than an empty question.
  if (text.replace(/[?？!！。.\s]/g, "") === "") text = toHalfWidth(question.slice(0, MAX_CHARS)).trim();
  return { original: question, text, language, removed: removed.filter(Boolean), recentPeriod };
}
