// Inputs built to make a backtracking pattern blow up, and every checker that
// reads model or corpus text: shared by the timing test
// (server/adversarial-input.test.ts) and `npx tsx bench/adversarial.ts`.
import { cleanPage, splitParagraphs } from "../../ingest/clean.js";
import { isTerminated, normalizeForMatch, sentenceSpans } from "../../ingest/text.js";
import {
  cleanCitationMarkers,
  leadingCitationMarkers,
  parseCitationMarkers,
  renumberCitations,
  stripCitationMarkers,
} from "../answer/citations.js";
import { askedAttribute, askedRole, definedTerm } from "../answer/plan.js";
import { FIGURE, figureWithUnit } from "../answer/figure-grammar.js";
import { DATE } from "../answer/patterns.js";
import { checkFigures, removeUnsupportedFigures } from "../answer/figures.js";
import { LineBuffer, LlmPointChecker } from "../briefing/llm-points.js";
import { cleanTopic } from "../briefing/topic.js";
import { markdownCell, markdownSafe } from "../markdown/text.js";
import { candidateFor } from "./candidates.js";

export const SIZE = 100 * 1024;

/** `unit` repeated to SIZE characters, between an optional head and tail. */
const fill = (unit: string, head = "", tail = "") => head + unit.repeat(Math.ceil(SIZE / unit.length)) + tail;

export const ADVERSARIAL_INPUTS: Record<string, string> = {
  "[1 then spaces": fill(" ", "答案[1", "x"),
  "[ then spaces": fill(" ", "答案[", "x"),
  "open groups with separators": fill("[1, 2 ,"),
  "one group with many numbers": fill("1,", "[", "1"),
  "many markers": fill("[1][2] [3]"),
  "spaces then a word": fill(" ", "", "x"),
  "tabs then a bracket": fill("\t", "答案", "["),
  "digits without a unit": fill("1234567890"),
  "Chinese numerals without a unit": fill("一二三四五六七八九十"),
  "digit groups": fill("1,1.", "", "x"),
  "sentence ends and spaces": fill("。 "),
  "line breaks and spaces": fill("\n \n"),
  "clauses with figures": fill("联盟901个，"),
  "closing punctuation": fill("，。！", "x", "y"),
  quotes: fill("”」'", "“"),
  markup: fill("<img src=x onerror=alert(1)>"),
  "link syntax": fill("](javascript:"),
  "question tails": fill("呢 ？ ", "那贵州"),
};

const QUOTES = new Map([
  [1, "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。"],
  [2, "贵州省工信厅推动建立产业链党建联盟42个。"],
]);
const VALID = new Set([1, 2]);
const passages = [candidateFor(QUOTES.get(1)!), candidateFor(QUOTES.get(2)!)];

export const CHECKERS: Record<string, (text: string) => unknown> = {
  cleanCitationMarkers: (text) => cleanCitationMarkers(text, VALID),
  parseCitationMarkers,
  renumberCitations: (text) => renumberCitations(text, [2, 1]),
  stripCitationMarkers,
  leadingCitationMarkers,
  removeUnsupportedFigures: (text) => removeUnsupportedFigures(text, QUOTES),
  checkFigures: (text) => checkFigures(text, QUOTES),
  "briefing line check": (text) => new LlmPointChecker(passages).accept(text),
  "briefing line buffer": (text) => {
    const lines = new LineBuffer();
    for (let i = 0; i < text.length; i += 7) lines.push(text.slice(i, i + 7));
    return lines.flush();
  },
  splitParagraphs,
  cleanPage,
  sentenceSpans,
  isTerminated,
  normalizeForMatch,
  "FIGURE and DATE": (text) => FIGURE.test(text) || DATE.test(text),
  "asked-unit evidence": (text) => figureWithUnit("个").test(text),
  "question cues": (text) => [askedRole(text), askedAttribute(text), definedTerm(text)],
  cleanTopic,
  markdownSafe,
  markdownCell,
};

/**
 * CPU milliseconds of a call, the lower of two: the work a function does, not how long it
 * waited for a core while other test files ran (these functions do no I/O). A super-linear
 * function is slow both times.
 */
export function cpuMs(run: () => unknown): number {
  const once = () => {
    const started = process.cpuUsage();
    run();
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000;
  };
  return Math.min(once(), once());
}
