// Stage 5: compose the answer by intent from the verified evidence.
// - count/date/person/place: one lead sentence with the fact and its [n]; the
//   quote is in the citation card, not repeated in the text;
// - list: the merged enumeration; explain/summary: 3–6 cited points;
// - compare: a row per side (`table`) and the same rows as text;
// - a refusal says what is missing, or what the source states instead.
import type { Segmenter } from "../../ingest/segment.js";
import { CitationList } from "./citation-list.js";
import { toCitation } from "./passage.js";
import { composeList, composePoints } from "./compose-points.js";
import { withMarker } from "./markers.js";
import { askedPlaceKind, namesPlaceOfKind } from "./patterns.js";
import { beforeFirst, CLAUSE_MARKS, STOPS, trimEndOf } from "./text-edges.js";
import { clausesOf, factClause, ORGANISATION, personAfterRole, termOverlap, wholeFactClause } from "./facts.js";
import type { Candidate, Evidence } from "./gather.js";
import type { Term } from "./terms.js";
import { sentencesWithin } from "./units.js";
import type { Verdict } from "./verify.js";
import type { AnswerPlan, AnswerResult, AnswerTable, SubQuery } from "./types.js";

export type Composed = Pick<
  AnswerResult,
  "answer" | "refused" | "coverage" | "missing" | "citations" | "related" | "table"
>;

export interface Checked {
  evidence: Evidence;
  verdict: Verdict;
}

const LEAD_MAX = 100;
const SPEAKER = /^[^“”"]{2,40}?(?:说|表示|介绍|指出|认为|告诉记者)[:：，,]?[“"]?$/;

/** The lead of a factoid: the clause with the fact, or the sentence naming the role. */
function factoidLead(candidate: Candidate, query: SubQuery, evidence: Evidence): string {
  if (candidate.kind === "byline") return candidate.field === "authorNote" ? candidate.text : `作者：${candidate.text}`;
  const clause = factClause(candidate.text, query, evidence.terms);
  if (clause) return clause;
  const role = query.slots.role;
  // "…的党建专员是谁" → "…的党建专员是盛芙蓉": the asked phrase, then the name the source gives.
  const name = role ? personAfterRole(candidate.text, role) : undefined;
  const asked = beforeFirst(query.text, ["是谁", "是哪位", "叫什么"]);
  if (name && asked) return `${asked.trim()}是${name}`;
  if (candidate.text.length <= LEAD_MAX) return candidate.text;
  // "谁说…": the attribution ("…总经理王凯说") answers it, not the quotation.
  const speaker =
    query.intent === "person" && !role ? clausesOf(candidate.text).find((clause) => SPEAKER.test(clause)) : undefined;
  if (speaker) return speaker.replace(/[:：，,]?[“"]?$/, "");
  // A 哪个单位 question is answered by the clause naming an organisation.
  const clauses = clausesOf(candidate.text);
  const kind = query.intent === "place" ? askedPlaceKind(query.text) : undefined;
  const names = (clause: string) => (kind ? namesPlaceOfKind(clause, kind) : ORGANISATION.test(clause));
  const named = query.intent === "place" ? clauses.filter(names) : [];
  const pool = named.length > 0 ? named : clauses;
  const best = [...pool].sort(
    (left, right) => termOverlap(right, evidence.terms) - termOverlap(left, evidence.terms),
  )[0];
  return (best ?? candidate.text).trim();
}

/**
 * A lead for a factoid sub-query: the best accepted sentence that is whole; when only a paragraph
 * window passed, the sentence of that window that states the fact.
 */
function leadCandidate(accepted: Candidate[], query?: SubQuery, terms: Term[] = []): Candidate | undefined {
  // A sentence the page cuts is no lead, unless the fact sits in a clause the cut leaves whole.
  const whole = (candidate: Candidate) =>
    !candidate.incomplete || (query !== undefined && wholeFactClause(candidate.text, query, terms) !== undefined);
  const sentence = accepted.find((candidate) => candidate.kind !== "window" && whole(candidate));
  if (sentence || !query) return sentence;
  const window = accepted[0];
  if (!window) return undefined;
  const inside = sentencesWithin(window.article, window).find(
    (unit) => !unit.incomplete && factClause(unit.text, query, terms) !== undefined,
  );
  return inside ? { ...window, ...inside, kind: "sentence" } : undefined;
}

function englishLead(lead: string, marker: string): string {
  const figures = [...lead.normalize("NFKC").matchAll(/\d+(?:\.\d+)?(?:万|亿)?/g)].map((match) => match[0]);
  const stated = figures.length > 0 ? ` The figure given is ${figures.slice(0, 2).join(" and ")}.` : "";
  return `According to the corpus: ${trimEndOf(lead, STOPS)}${marker}.${stated}`;
}

function composeOne(checked: Checked, plan: AnswerPlan, cites: CitationList, segmenter: Segmenter): string | undefined {
  const { evidence, verdict } = checked;
  if (verdict.kind !== "answer") return undefined;
  const query = evidence.subQuery;
  const { accepted } = verdict;
  const intent = query.intent;
  if (intent === "count" || intent === "date" || intent === "person" || intent === "place" || intent === "yes-no") {
    const top = leadCandidate(accepted, query, evidence.terms);
    if (!top) return undefined;
    const lead = factoidLead(top, query, evidence);
    return plan.language === "en" ? englishLead(lead, cites.marker(top)) : withMarker(lead, cites.marker(top));
  }
  if (intent === "list") {
    const list = composeList(accepted, cites, evidence.terms, query.text);
    if (list) return list;
  }
  if (intent === "definition") {
    const sentences = accepted
      .filter((candidate) => candidate.kind === "sentence" && !candidate.incomplete)
      .slice(0, 2);
    const defining = sentences.filter((candidate, i) => i === 0 || candidate.article === sentences[0]?.article);
    return defining.map((candidate) => withMarker(candidate.text, cites.marker(candidate))).join("");
  }
  const points = composePoints(accepted, segmenter, cites, intent === "list" ? 2 : 3);
  return points.length > 0 ? points.join("\n") : undefined;
}

function composeCompare(
  checked: Checked[],
  cites: CitationList,
): { text: string; table: AnswerTable; missing: string[] } {
  const rows: AnswerTable["rows"] = [];
  const lines: string[] = [];
  const missing: string[] = [];
  for (const { evidence, verdict } of checked) {
    const query = evidence.subQuery;
    const label = query.label ?? query.entity ?? query.text;
    const top = verdict.kind === "answer" ? leadCandidate(verdict.accepted, query, evidence.terms) : undefined;
    if (!top) {
      missing.push(label);
      lines.push(`- ${label}：语料未提及`);
      continue;
    }
    const factoid =
      query.intent === "count" || query.intent === "date" || query.intent === "person" || query.intent === "place";
    // A row's label already names the role: its value is the name alone ("荷城派出所所长 | 樊进").
    const name =
      query.intent === "person" && query.slots.role ? personAfterRole(top.text, query.slots.role) : undefined;
    const value = trimEndOf((name ?? (factoid ? factoidLead(top, query, evidence) : top.text)).trim(), STOPS);
    const citation = cites.number(top);
    rows.push({ entity: label, value, citation });
    lines.push(`- ${label}：${value}[${citation}]`);
  }
  return { text: `分别来看：\n${lines.join("\n")}`, table: { columns: ["对象", "语料中的说法"], rows }, missing };
}

export function compose(plan: AnswerPlan, checked: Checked[], segmenter: Segmenter): Composed {
  const cites = new CitationList();
  const answered = checked.filter((entry) => entry.verdict.kind === "answer");
  if (answered.length === 0) return refusal(plan, checked);
  let text: string;
  let table: AnswerTable | undefined;
  const missing = new Set(answered.flatMap((entry) => (entry.verdict.kind === "answer" ? entry.verdict.missing : [])));
  if (plan.intent === "compare") {
    const compared = composeCompare(checked, cites);
    text = compared.text;
    table = compared.table;
    compared.missing.forEach((side) => missing.add(side));
  } else {
    const parts = checked.map((entry) => composeOne(entry, plan, cites, segmenter));
    checked.forEach(
      (entry, i) => parts[i] === undefined && missing.add(entry.evidence.subQuery.text.replace(/[?？]$/, "")),
    );
    const written = parts.filter((part): part is string => part !== undefined);
    if (written.length === 0) return refusal(plan, checked);
    // Several asked facts are one lead paragraph: every fact belongs to the lead.
    text = written.every((part) => !part.includes("\n")) ? written.join("") : written.join("\n\n");
  }
  const coverage = missing.size === 0 ? "answered" : "partial";
  if (coverage === "partial") text += coverageNote([...missing], elsewhereOf(answered), plan.language);
  return {
    answer: text,
    refused: false,
    coverage,
    citations: cites.citations,
    ...(coverage === "partial" ? { missing: [...missing] } : {}),
    ...(table ? { table } : {}),
  };
}

/** The words the answered sub-queries' sources lack but the corpus holds elsewhere. */
function elsewhereOf(answered: Checked[]): Set<string> {
  return new Set(answered.flatMap((entry) => (entry.verdict.kind === "answer" ? entry.verdict.elsewhere : [])));
}

/**
 * What a partial answer leaves out. A word the corpus holds elsewhere (工业, in a corpus about industry) is
 * one the quoted sources do not mention; saying the corpus does not cover it would be false.
 */
function coverageNote(missing: string[], elsewhere: Set<string>, language: AnswerPlan["language"]): string {
  const uncovered = missing.filter((item) => !elsewhere.has(item));
  const unquoted = missing.filter((item) => elsewhere.has(item));
  const english = language === "en";
  const notes = [
    uncovered.length > 0 &&
      (english ? `(The corpus does not cover: ${uncovered.join(", ")}.)` : `（语料未涉及：${uncovered.join("、")}。）`),
    unquoted.length > 0 &&
      (english
        ? `(The quoted sources do not mention: ${unquoted.join(", ")}.)`
        : `（所引原文未提及：${unquoted.join("、")}。）`),
  ].filter((note): note is string => typeof note === "string");
  return `\n\n${notes.join("\n")}`;
}

/** Two passages closest to the question, from different places in the corpus. */
function relatedOf(checked: Checked[]): Candidate[] {
  const out: Candidate[] = [];
  for (const candidate of checked.flatMap((entry) => entry.evidence.candidates)) {
    if (out.length >= 2) break;
    if (candidate.kind !== "sentence" || candidate.incomplete) continue;
    if (
      out.some(
        (other) => other.article === candidate.article && other.start < candidate.end && candidate.start < other.end,
      )
    )
      continue;
    out.push(candidate);
  }
  return out;
}

function refusal(plan: AnswerPlan, checked: Checked[]): Composed {
  const verdict = checked.map((entry) => entry.verdict).find((entry) => entry.kind === "refuse");
  const stated = verdict?.kind === "refuse" ? verdict.stated : undefined;
  const related = stated
    ? [stated, ...relatedOf(checked).filter((candidate) => candidate !== stated)].slice(0, 2)
    : relatedOf(checked);
  const citations = related.map((candidate, i) => toCitation(candidate, i + 1));
  const base = {
    refused: true,
    coverage: "not_found" as const,
    citations: [],
    ...(citations.length > 0 ? { related: citations } : {}),
  };
  if (plan.language === "en") {
    const named = verdict?.kind === "refuse" ? verdict.named : [];
    return {
      ...base,
      answer:
        named.length > 0
          ? `The corpus has nothing about ${named.join(", ")} on this question.`
          : "The corpus does not contain an answer to this question.",
    };
  }
  return { ...base, answer: refusalText(verdict, checked[0]?.evidence.subQuery) };
}

function refusalText(verdict: Verdict | undefined, query: SubQuery | undefined): string {
  if (!verdict || verdict.kind !== "refuse" || !query) return "语料中没有找到能回答这个问题的内容。";
  const { stated } = verdict;
  const fact = stated ? `${trimEndOf(factClause(stated.text, query, []) ?? stated.text, CLAUSE_MARKS)}[1]` : "";
  if (verdict.reason === "premise" && query.slots.event) {
    const subject = query.slots.entities[0] ?? "";
    return stated
      ? `语料没有提到${subject}“${query.slots.event}”；只提到：${fact}。`
      : `语料没有提到${subject}“${query.slots.event}”。`;
  }
  if (verdict.reason === "time" && query.slots.time) {
    const years = query.slots.time.years.map((year) => `${year}年`).join("、");
    return stated ? `语料没有给出${years}的情况；只提到：${fact}。` : `语料没有给出${years}的情况。`;
  }
  if (verdict.reason === "scope" && query.slots.scope) {
    return stated
      ? `语料没有${query.slots.scope.word}的数字；只提到：${fact}。`
      : `语料没有${query.slots.scope.word}的数字。`;
  }
  const { attribute } = query.slots;
  // "甘肃的产业链党建联盟": the corpus speaks of 甘肃, only not of its alliances; saying it holds nothing
  // about 甘肃 would be false.
  const allElsewhere = verdict.missing.length > 0 && verdict.elsewhere.length === verdict.missing.length;
  if (allElsewhere && attribute && !verdict.missing.some((word) => attribute.includes(word)))
    return `语料中有关于“${verdict.missing.join("、")}”的内容，但没有找到其“${attribute}”的信息，无法回答这个问题。`;
  if (verdict.missing.length > 0) return `语料中没有找到关于“${verdict.missing.join("、")}”的信息，无法回答这个问题。`;
  if (verdict.reason === "entity" && verdict.named.length > 0)
    return `语料中没有找到关于“${verdict.named.join("、")}”的相关内容，无法回答这个问题。`;
  return "语料中没有找到能回答这个问题的内容。";
}
