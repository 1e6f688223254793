// The part of a sentence that states the asked-for fact: the clause with the
// figure or date that shares most words with the question, and the items of
// an enumeration. Verify checks the fact clause; compose leads with it.
import { BoundedMemo } from "../../ingest/bounded-memo.js";
import { lexicons } from "../../ingest/lexicons/index.js";
import { CLAUSE_MARKS, trimEndOf } from "./text-edges.js";
import { FIGURE, figureWithUnit } from "./figure-grammar.js";
import { DATE } from "./patterns.js";
import type { Term } from "./terms.js";
import type { SubQuery } from "./types.js";

function factPattern(query: SubQuery): RegExp | undefined {
  if (query.intent === "date") return DATE;
  if (query.intent === "count") return query.slots.unit ? figureWithUnit(query.slots.unit) : FIGURE;
  return undefined;
}

/** Clauses of a sentence, split at ，；： outside quotation marks (a quoted slogan is one clause). */
export function clausesOf(sentence: string): string[] {
  const clauses: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sentence.length; i++) {
    const char = sentence.charAt(i);
    if (char === "“" || char === "「") depth++;
    else if ((char === "”" || char === "」") && depth > 0) depth--;
    else if (depth === 0 && /[，,；;：:]/.test(char)) {
      clauses.push(sentence.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  if (start < sentence.length) clauses.push(sentence.slice(start).trim());
  return clauses.filter(Boolean);
}

/** "发展党员8960名", "56个非公企业党组织": the counted thing written right next to its figure. */
export function countsAttribute(text: string, attribute: string | undefined, figure: RegExp): boolean {
  if (!attribute) return false;
  return attributeNearFigure(attribute, figure).test(text);
}

// The pattern is the same for every clause an answer weighs: made once per attribute and figure.
const nearPatterns = new BoundedMemo<string, RegExp>(1024);

function attributeNearFigure(attribute: string, figure: RegExp): RegExp {
  return nearPatterns.get(`${attribute}\u0000${figure.source}`, () => nearPattern(attribute, figure));
}

function nearPattern(attribute: string, figure: RegExp): RegExp {
  // The attribute as read may carry words of the question before it ("机关党员总数峰值"): its tail counts too.
  const forms = [...new Set([attribute, attribute.slice(-4), attribute.slice(-2)])]
    .filter((form) => form.length >= 2)
    .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const near = forms.map(
    (form) => `${form}[^，。；,;]{0,3}?(?:${figure.source})|(?:${figure.source})[^，。；,;]{0,2}?${form}`,
  );
  return new RegExp(near.join("|"));
}

/** Weight of the question's terms a clause holds. */
export function termOverlap(clause: string, terms: Term[]): number {
  return terms.reduce(
    (sum, term) =>
      sum + (clause.includes(term.word) || term.alternatives.some((alt) => clause.includes(alt)) ? term.weight : 0),
    0,
  );
}

/** A date that says when something happened ("今年6月，", "2022年成立") rather than naming a thing ("2025年…研修班"). */
export const ADVERBIAL_DATE = new RegExp(
  `(?:自|从|于)(?:今年|去年)?(?:${DATE.source})|(?:${DATE.source})(?:[，,、]|以来|起|开始|至|成立|举办|启动|正式|先后|底|初|末|中旬|下旬|上旬|$)`,
);

/** The fact clause of a sentence the page cuts, when the cut falls after it ("自今年4月快递进村以来，投递"). */
export function wholeFactClause(sentence: string, query: SubQuery, terms: Term[]): string | undefined {
  const clause = factClause(sentence, query, terms);
  const clauses = clausesOf(sentence);
  return clause && clauses.length > 1 && !(clauses.at(-1)?.includes(clause) ?? false) ? clause : undefined;
}

/** "江苏省累计建立产业链党建联盟(党委)901个": the clause stating the figure or date asked for. */
export function factClause(sentence: string, query: SubQuery, terms: Term[]): string | undefined {
  const pattern = factPattern(query);
  if (!pattern) return undefined;
  const clauses = clausesOf(sentence);
  const dateBonus = (clause: string) => (query.intent === "date" && ADVERBIAL_DATE.test(clause) ? 1e3 : 0);
  const countBonus = (clause: string) =>
    query.intent === "count" && countsAttribute(clause, query.slots.attribute, pattern) ? 1e3 : 0;
  const ranked = clauses.map((clause, index) => ({ clause, index })).filter(({ clause }) => pattern.test(clause));
  const value = (clause: string) => termOverlap(clause, terms) + dateBonus(clause) + countBonus(clause);
  const best = ranked.sort((left, right) => value(right.clause) - value(left.clause) || left.index - right.index)[0];
  if (!best) return undefined;
  let text = best.clause;
  // A bare figure or a clause that starts mid-thought ("2022年,") says little alone: keep its neighbour.
  if (text.length < 10 && clauses[best.index + 1]) text += clauses[best.index + 1];
  if (text.length < 10 && best.index > 0) text = clauses[best.index - 1] + text;
  return trimEndOf(text.replace(/^[“"「]+/, ""), `${CLAUSE_MARKS}”"」`);
}

/** An organisation's name: 兴仁市人社局, 南江地质队, 共青团贵州省委. */
export const ORGANISATION =
  /[\u4e00-\u9fff]{2,12}(?:局|厅|委|队|院|所|部|公司|中心|协会|大学|学院|学校|政府|党委|支部|团)/;

/** The name right after a role ("党建专员盛芙蓉介绍", "第一书记熊明伟又…", "“红链管家”党晓艳"): a surname and one or two more characters. */
export function personAfterRole(text: string, role: string): string | undefined {
  // "党晓艳是…的一名“红链管家”": the name opens the clause that gives the role.
  const before = new RegExp(
    `(?:^|[。！？，,])\\s*([\\u4e00-\\u9fff]{2,3}?)是[^，,。！？]*${role.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
  ).exec(text)?.[1];
  if (before && lexicons().surnames.has(before.charAt(0))) return before;
  for (let at = text.indexOf(role); at >= 0; at = text.indexOf(role, at + 1)) {
    // "副部长、县委党建办主任毛宁": further roles of the same person come before the name.
    const after = text
      .slice(at + role.length)
      .replace(/^[”"」』：:\s]+/, "")
      .replace(FURTHER_ROLES, "");
    const surname = after.charAt(0);
    if (!/^[\u4e00-\u9fff]{2}/.test(after) || !lexicons().surnames.has(surname) || NOT_IN_NAME.test(after.charAt(1)))
      continue;
    const third = after[2];
    return third && /[\u4e00-\u9fff]/.test(third) && !NOT_IN_NAME.test(third) ? after.slice(0, 3) : after.slice(0, 2);
  }
  return undefined;
}

const FURTHER_ROLES = new RegExp(`^(?:、[\\u4e00-\\u9fff]{0,12}?(?:${lexicons().roles.join("|")}))+`);

/** Characters that end a name rather than belong to it: what follows a name in news text. */
const NOT_IN_NAME = /[又说在是的和与等介表告指坦认谈带也就都把将为对向从已曾于同及还率]/;

const JUXTAPOSED = /(?:“[^”]{2,20}”){2,}/;
const ORDINAL_ITEM = /(?:一|二|三|四|五|六|七|八|九|十)是([^，,；;。]+)/g;
/** Words that close an enumeration ("…人形机器人等重点领域"): the last item ends before the first of them. */
const LIST_TAIL_WORDS = ["等", "在内", "方面", "领域", "为主", "为重点"];

function beforeListTail(item: string): string {
  const cut = Math.min(...LIST_TAIL_WORDS.map((word) => item.indexOf(word)).filter((index) => index >= 0));
  return Number.isFinite(cut) ? item.slice(0, cut) : item;
}

/** The text inside the first quotation of `clause` that holds a 、 ("“为什么抓、怎么抓、抓什么”"). */
function quotedEnumeration(clause: string): string | undefined {
  for (let open = clause.search(/[“「]/); open >= 0;) {
    const close = clause.slice(open + 1).search(/[”」]/);
    if (close < 0) return undefined;
    const inside = clause.slice(open + 1, open + 1 + close);
    if (inside.includes("、")) return inside;
    const next = clause.slice(open + close + 2).search(/[“「]/);
    open = next < 0 ? -1 : open + close + 2 + next;
  }
  return undefined;
}

/** The items an enumeration names: "围绕人工智能、量子科技、人形机器人等重点领域" → [人工智能, 量子科技, 人形机器人]. */
export function enumerationItems(sentence: string, terms: Term[] = [], head = ""): string[] {
  const ordinal = [...sentence.matchAll(ORDINAL_ITEM)].map((match) => (match[1] ?? "").trim());
  if (ordinal.length >= 2) return ordinal;
  // The enumerating clause that speaks of the question most ("…雷山县、镇远县等地景区" for 哪些县的景区). Quoted names
  // written side by side (“党建+重点项目”“支部+企业”等联学联建活动) enumerate too. The question's words and the asked
  // kind of thing pick the clause; a longer enumeration breaks a near tie.
  const clauses = clausesOf(sentence)
    .map((clause) => trimEndOf(clause, CLAUSE_MARKS))
    .filter((clause) => count(clause, "、") >= 1 || JUXTAPOSED.test(clause));
  const value = (clause: string) =>
    0.5 * termOverlap(clause, terms) +
    (head && clause.includes(head) ? 5 : 0) +
    count(clause, "、") +
    count(clause, "”“");
  const clause = clauses.sort((left, right) => value(right) - value(left))[0];
  if (!clause) return [];
  const juxtaposed = JUXTAPOSED.exec(clause)?.[0];
  if (juxtaposed) return [...juxtaposed.matchAll(/“([^”]{2,20})”/g)].map((match) => match[1] ?? "");
  const parts = splitOutsideQuotes(clause).map((part) => part.trim());
  // 、 only inside a quotation (“为什么抓、怎么抓、抓什么”): the quotation is the enumeration.
  const quoted = quotedEnumeration(clause);
  if (parts.length < 2 && quoted)
    return quoted
      .split("、")
      .map((part) => part.trim())
      .filter(Boolean);
  if (parts.length < 2) return [];
  // The last item ends at 等 / 和…等 and may be joined by 和/及.
  const last = beforeListTail(parts.pop() ?? "");
  const joined = last
    .split(/(?:以及|和|及|与)/)
    .map((part) => part.trim())
    .filter(Boolean);
  parts.push(...(joined.length === 2 && (joined[1] ?? "").length <= 12 ? joined : [last]));
  // The first item starts after the words that introduce the list ("围绕", "加强", "涵盖了").
  parts[0] = (parts[0] ?? "").replace(INTRODUCER, "");
  // An item never runs over a sentence end (a run-in heading joined to its sentence).
  return parts.filter((part) => part.length >= 2 && part.length <= 40 && !/[。！？]/.test(part));
}

const INTRODUCER =
  /^.*?(?:主要)?(?:包括|包含|涵盖|围绕|聚焦|加强|推进|推动|开展|实施|设有|设置|引入|引进|建立|组建|打造|形成|争创|培育|发展|涉及|来自|有|在|以|对|把|将)了?/;

/** Split at 、 outside quotation marks: “为什么抓、怎么抓、抓什么” is one item. */
function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === "“" || char === "「") depth++;
    else if ((char === "”" || char === "」") && depth > 0) depth--;
    else if (depth === 0 && char === "、") {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
