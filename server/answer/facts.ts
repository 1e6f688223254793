// The part of a sentence that states the asked-for fact: the clause with the
// figure or date that shares most words with the question, and the items of
// an enumeration. Verify checks the fact clause; compose leads with it.
import type { Segmenter } from "../../ingest/segment.js";
import { DATE, FIGURE, figureWithUnit } from "./patterns.js";
import type { Term } from "./terms.js";
import type { SubQuery } from "./types.js";

function factPattern(query: SubQuery): RegExp | undefined {
  if (query.intent === "date") return DATE;
  if (query.intent === "count") return query.slots.unit ? figureWithUnit(query.slots.unit) : FIGURE;
  return undefined;
}

/** "江苏省累计建立产业链党建联盟(党委)901个": the clause stating the figure or date asked for. */
export function factClause(sentence: string, query: SubQuery, terms: Term[]): string | undefined {
  const pattern = factPattern(query);
  if (!pattern) return undefined;
  const clauses = sentence.split(/(?<=[，,；;：:])/).map((clause) => clause.trim());
  const overlap = (clause: string) => terms.reduce((sum, term) => sum + (clause.includes(term.word) || term.alternatives.some((alt) => clause.includes(alt)) ? term.weight : 0), 0);
  const ranked = clauses.map((clause, index) => ({ clause, index })).filter(({ clause }) => pattern.test(clause));
  const best = ranked.sort((left, right) => overlap(right.clause) - overlap(left.clause) || left.index - right.index)[0];
  if (!best) return undefined;
  let text = best.clause;
  // A bare figure or a clause that starts mid-thought ("2022年,") says little alone: keep its neighbour.
  if (text.length < 10 && clauses[best.index + 1]) text += clauses[best.index + 1];
  if (text.length < 10 && best.index > 0) text = clauses[best.index - 1] + text;
  return text.replace(/^[“"「]+/, "").replace(/[，,；;：:。！？!?”"」]+$/, "");
}

const ORDINAL_ITEM = /(?:一|二|三|四|五|六|七|八|九|十)是([^，,；;。]+)/g;
const LIST_TAIL = /(?:等|在内|方面|领域|为主|为重点).*$/;

/** The items an enumeration names: "围绕人工智能、量子科技、人形机器人等重点领域" → [人工智能, 量子科技, 人形机器人]. */
export function enumerationItems(sentence: string, segmenter: Segmenter): string[] {
  const ordinal = [...sentence.matchAll(ORDINAL_ITEM)].map((match) => match[1]!.trim());
  if (ordinal.length >= 2) return ordinal;
  const clauses = sentence.split(/[，,；;：:。！？!?]/);
  const clause = clauses.sort((left, right) => count(right, "、") - count(left, "、"))[0] ?? "";
  if (count(clause, "、") < 1) return [];
  const parts = clause.split("、").map((part) => part.trim());
  // The last item ends at 等 / 和…等 and may be joined by 和/及.
  const last = parts.pop()!.replace(LIST_TAIL, "");
  const joined = last.split(/(?:以及|和|及|与)/).map((part) => part.trim()).filter(Boolean);
  parts.push(...(joined.length === 2 && joined[1]!.length <= 12 ? joined : [last]));
  // The first item starts after the clause's verb or preposition ("围绕", "涵盖了").
  parts[0] = trailingNounPhrase(parts[0]!, segmenter);
  return parts.map((part) => part.replace(/^[“"「]|[”"」]$/g, "").trim()).filter((part) => part.length >= 2 && part.length <= 30);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function trailingNounPhrase(text: string, segmenter: Segmenter): string {
  const words = segmenter.tag(text);
  let start = words.length;
  while (start > 0 && !/^(v|p|c|d|u|r)/.test(words[start - 1]!.tag)) start--;
  const phrase = words.slice(start).map(({ word }) => word).join("");
  return phrase.length >= 2 ? phrase : text;
}
