// Stage 2: plan(question) → {intent, slots, subQueries}. Rules over the
// lexicons: the intent from the question words (intents.tsv), the slots the
// later stages check (entities, attribute, unit, time, scope, event, role,
// term), and one sub-query per entity of a comparison or per clause of a
// question that asks two things.
import { lexicons, type Intent } from "../../ingest/lexicons/index.js";
import type { Segmenter } from "../../ingest/segment.js";
import { findEntities } from "./entities.js";
import type { NormalisedQuestion } from "./normalise.js";
import { askedUnit } from "./figure-grammar.js";
import { yearsIn } from "./patterns.js";
import { beforeFirst } from "./text-edges.js";
import type { AnswerPlan, PlanSlots, SubQuery } from "./types.js";
import { splitComparison, type ComparisonSide } from "./plan-compare.js";

export type { Intent };

const lex = lexicons();
const MEASURE_ALTERNATION = lex.measureWords.join("|");

export function detectIntent(text: string): Intent {
  return lex.intentPatterns.find(({ pattern }) => pattern.test(text))?.intent ?? "explain";
}

/** The role a 谁 question asks about: "…孵化园联合党支部的党建专员是谁" → "党建专员". */
/** A question is read up to this length (it holds 1,000 characters): nothing may make planning slow. */
const MAX_CHARS = 4000;

export function askedRole(input: string): string | undefined {
  const question = input.slice(0, MAX_CHARS);
  const listed = lex.roles.find((role) => question.includes(role));
  const before = beforeFirst(question, ["是谁", "是哪位", "叫什么"]);
  // The phrase after the last 的 is the role when it is short: "…党支部的党建专员", "…上的“红链管家”".
  const tail = before
    ?.split("的")
    .at(-1)
    ?.replace(/[“”"「」]/g, "");
  if (tail && tail.length >= 2 && tail.length <= 6) return tail;
  return listed ?? (tail && tail.length >= 2 ? tail.slice(-4) : undefined);
}

/** "X有多少Y" asks for Y; "X是多少" asks for X ("营收是多少" → 营收). */
export function askedAttribute(input: string): string | undefined {
  const question = input.slice(0, MAX_CHARS);
  const before = /([\u4e00-\u9fff]{2,8}?)(?:是|为|达到?)(?:多少|几)/.exec(question.replace(/的/g, ""))?.[1];
  if (before) return before;
  // "…工业增加值增长了多少": what changed is counted.
  const changed = /([\u4e00-\u9fff]{2,10}?)(?:分别)?(?:增长|增加|提高|提升|下降|减少|降低)了?(?:多少|几)/.exec(
    question,
  )?.[1];
  if (changed) return changed;
  // "多少个模范机关“标兵单位”": a quoted name is part of what is counted.
  const after = new RegExp(
    `(?:多少|几|多大|多高|多长|多远|多重)(?:万|亿)?(?:${MEASURE_ALTERNATION})?([\\u4e00-\\u9fff“”"]{2,14})`,
  )
    .exec(question)?.[1]
    ?.replace(/[“”"]/g, "");
  if (after && after.length >= 2) return after.slice(0, 12);
  // "…的经费有多少": what is counted is named after the last 的, before 有/是 多少.
  const owned = /的([\u4e00-\u9fff]{1,8}?)(?:一共|总共|共|累计)?(?:有|是|为)(?:多少|几)/.exec(question)?.[1];
  if (owned) return owned;
  // "…办理实事或解决问题多少个": the counted thing right before a closing 多少个.
  // ("精简到了几项" ends on a verb: nothing is named there.)
  const closing = new RegExp(`([\\u4e00-\\u9fff]{2,4}?)(?:多少|几)(?:${MEASURE_ALTERNATION})?[?？]?$`).exec(
    question.trim(),
  )?.[1];
  return closing && !/[了到过着]/.test(closing) ? closing : undefined;
}

/** "消费帮扶金额" is stated in 元: the measure words of the quantity noun the attribute ends with. */
export function quantityUnit(attribute: string | undefined): string | undefined {
  if (!attribute) return undefined;
  const noun = [...lex.quantityNouns.keys()].find((word) => attribute.endsWith(word));
  return noun ? `(?:${lex.quantityNouns.get(noun)})` : undefined;
}

/** What a 哪里 question asks the place of, when it names a thing: "工信厅的办公地址在哪里" → 办公地址. */
export function askedPlaceThing(input: string): string | undefined {
  const question = input.slice(0, MAX_CHARS);
  return /的([\u4e00-\u9fff]{2,6}?)(?:在|位于|是)(?:哪里|哪儿|什么地方)/.exec(question)?.[1];
}

/** What a list question asks to be listed: "外卖平台有哪几家" → 外卖平台. */
export function askedListHead(input: string): string | undefined {
  const question = input.slice(0, MAX_CHARS).replace(/的/g, "");
  return /([\u4e00-\u9fff]{2,8}?)(?:有|包括|包含|是)?(?:哪些|哪几[个家种项类位条所支])/.exec(question)?.[1];
}

/** The term a 什么是 question defines. */
export function definedTerm(input: string): string | undefined {
  const question = input.slice(0, MAX_CHARS);
  // "…的“三支队伍”指的是什么": the quoted term is the one defined.
  const quoted = [...question.matchAll(/[“「"]([^”」"]{2,20})[”」"](?=指|是|的含义|含义|什么意思|[?？]?$)/g)].at(
    -1,
  )?.[1];
  if (quoted) return quoted;
  const term = question
    .replace(/什么是|指的是什么|是什么|指的是|指什么|何为|的含义|含义|什么意思|什么$|[?？。“”"'「」\s]/g, "")
    .trim();
  return term.length >= 2 ? term : undefined;
}

function scopeOf(text: string): PlanSlots["scope"] {
  const found = lex.scopes.find(({ word }) => text.includes(word));
  return found ? { word: found.word, level: found.level } : undefined;
}

function slotsFor(text: string, intent: Intent, normalised: NormalisedQuestion, segmenter: Segmenter): PlanSlots {
  const years = yearsIn(text);
  // What is counted or listed: a source that never names it answers another question.
  const attribute =
    intent === "count"
      ? askedAttribute(text)
      : intent === "list"
        ? askedListHead(text)
        : intent === "place"
          ? askedPlaceThing(text)
          : undefined;
  const unit = intent === "count" ? (askedUnit(text) ?? quantityUnit(attribute)) : undefined;
  const role = intent === "person" ? askedRole(text) : undefined;
  const term = intent === "definition" ? definedTerm(text) : undefined;
  const event = lex.events.find((word) => text.includes(word));
  const scope = scopeOf(text);
  return {
    entities: findEntities(text, segmenter),
    ...(attribute ? { attribute } : {}),
    ...(unit ? { unit } : {}),
    ...(years.length > 0 || normalised.recentPeriod ? { time: { years, recent: normalised.recentPeriod } } : {}),
    ...(scope ? { scope } : {}),
    ...(event ? { event } : {}),
    ...(role ? { role } : {}),
    ...(term ? { term } : {}),
  };
}

/** "省直机关党员总数峰值是多少 2021年以来发展了多少党员": two questions typed as one. */
function splitClauses(text: string): string[] {
  const parts = text
    .split(/[\s;；?？]+/)
    .map((part) => part.trim())
    .filter((part) => part.length >= 4);
  const asking = parts.filter((part) =>
    lex.intentPatterns.some(({ intent, pattern }) => intent !== "explain" && pattern.test(part)),
  );
  return asking.length >= 2 && asking.length === parts.length ? parts : [text];
}

/** The nouns a clause opens with ("省直机关党员总数峰值是多少" → "省直机关"). */
function leadingNouns(clause: string, segmenter: Segmenter): string {
  let phrase = "";
  for (const { word, tag } of segmenter.tag(clause)) {
    if (!/^(n|j)/.test(tag)) break;
    phrase += word;
    if (phrase.length >= 4) break;
  }
  return phrase.length >= 2 ? phrase : "";
}

function subQuery(text: string, normalised: NormalisedQuestion, segmenter: Segmenter, side?: ComparisonSide): SubQuery {
  const intent = detectIntent(text);
  const slots = slotsFor(text, intent, normalised, segmenter);
  return {
    text,
    intent,
    slots,
    ...(side ? { label: side.label, ...(side.entity ? { entity: side.entity } : {}) } : {}),
  };
}

/**
 * The plan for a standalone question (a follow-up is rewritten first). An English
 * question is planned on its own words for the intent and on `searchText` (its
 * Chinese terms) for the slots.
 */
/** What an English count asks for: "how many X are…" → the Chinese terms of X, or a measure word (money → 元). */
export interface EnglishCount {
  attribute?: string;
  unit?: string;
}

export function englishCountPhrase(question: string): string | undefined {
  // The counted noun ends where a verb or a preposition starts ("people attended", "members in").
  return /\bhow (?:many|much) ([a-z' -]+?)(?= (?:are|is|has|have|had|did|do|does|were|was|goes|go|will|can|could|in|of|at|for|on|[a-z]+ed)\b)/i.exec(
    question,
  )?.[1];
}

/** What a "what is the X of…" question asks for: "What is the GDP of Gansu?" → "GDP". */
export function englishAskedPhrase(question: string): string | undefined {
  return /\bwhat (?:is|are|was|were) (?:the |a |an )?([a-z' -]+?)(?= of\b| in\b| for\b| at\b| on\b|\?|$)/i.exec(
    question,
  )?.[1];
}

export function englishUnit(phrase: string): string | undefined {
  return phrase
    .toLowerCase()
    .split(/\s+/)
    .map((word) => lex.englishUnits.get(word))
    .find(Boolean);
}

export function plan(
  normalised: NormalisedQuestion,
  segmenter: Segmenter,
  searchText = normalised.text,
  english: EnglishCount = {},
): AnswerPlan {
  const text = searchText;
  const intent = detectIntent(normalised.text);
  const comparison = intent === "compare" ? splitComparison(text, segmenter) : undefined;
  let subQueries: SubQuery[];
  if (comparison) {
    subQueries = comparison.map((side) => subQuery(side.text, normalised, segmenter, side));
  } else {
    const clauses = normalised.language === "zh" ? splitClauses(text) : [text];
    // A later clause leans on the first one's subject: "…是多少 2021年以来发展了多少党员" is about the same 省直机关.
    const subject = clauses.length > 1 ? leadingNouns(clauses[0] ?? "", segmenter) : "";
    subQueries = clauses.map((clause, i) =>
      subQuery(i > 0 && subject && !clause.includes(subject) ? `${subject}${clause}` : clause, normalised, segmenter),
    );
  }
  // An English question's intent comes from its English words; the Chinese terms carry none.
  if (normalised.language === "en") {
    const englishIntent: Intent = intent === "compare" ? "explain" : intent;
    subQueries = subQueries.map((query) => ({
      ...query,
      intent: englishIntent,
      slots: { ...query.slots, ...withEnglishCount(englishIntent, english) },
    }));
  }
  // Several clauses: the plan has the first one's intent.
  const planIntent: Intent = comparison ? "compare" : (subQueries[0]?.intent ?? intent);
  return {
    intent: planIntent,
    language: normalised.language,
    question: normalised.text,
    ...(normalised.removed.length > 0 ? { removed: normalised.removed } : {}),
    slots: slotsFor(text, planIntent, normalised, segmenter),
    subQueries,
  };
}

function withEnglishCount(intent: Intent, english: EnglishCount): Partial<PlanSlots> {
  if (intent !== "count") return {};
  return {
    ...(english.attribute ? { attribute: english.attribute } : {}),
    ...(english.unit ? { unit: `(?:${english.unit})` } : {}),
  };
}
