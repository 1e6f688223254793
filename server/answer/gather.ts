// Stage 3: gather the evidence for one sub-query. Hybrid retrieval (HNSW ∪
// BM25) with the sub-query and the back-off words of its unknown terms; then
// the candidates: the sentences of the retrieved passages' paragraphs and the
// paragraph windows around them, each scored by the IDF-weighted share of the
// question's terms it holds. An article's author line and author note are
// candidates too when the question asks who wrote it.
import type { Article } from "../../ingest/article.js";
import type { CorpusDictionary } from "../../ingest/lexicons/dictionary.js";
import type { Retriever, RetrievedChunk } from "../retrieval/retriever.js";
import { foldAliases } from "./entities.js";
import {
  ADVERBIAL_DATE,
  countsAttribute,
  factClause,
  ORGANISATION,
  personAfterRole,
  termOverlap,
  wholeFactClause,
} from "./facts.js";
import { FIGURE, figureWithUnit } from "./figure-grammar.js";
import { DATE } from "./patterns.js";
import { expansionText, questionTerms, termCredit, type Term } from "./terms.js";
import type { SubQuery } from "./types.js";
import { articleUnits, type TextUnit } from "./units.js";
import type { TextSearch } from "./corpus-text.js";

export interface Candidate extends TextUnit {
  article: Article;
  kind: "sentence" | "window" | "byline";
  /** For a by-line candidate: which field of the article it quotes. */
  field?: "author" | "authorNote";
  /** Share of the question's term weight the unit holds (its article's title and paragraph count half). */
  coverage: number;
  /** Terms the unit itself holds. */
  matched: string[];
  score: number;
}

export interface Evidence {
  subQuery: SubQuery;
  terms: Term[];
  /** The text retrieval searched with. */
  query: string;
  hits: RetrievedChunk[];
  /** Best first. */
  candidates: Candidate[];
}

export interface GatherContext {
  retriever: Retriever;
  dictionary?: CorpusDictionary;
  /** All article text, to tell a word the corpus never uses from one jieba cut differently. */
  corpusText: TextSearch;
  topK: number;
}

/** Set on the dev split. */
const ANTECEDENT_SHARE = 0.8;
const ASKS_AUTHOR = /作者|撰稿|执笔|谁写的|写的文章|署名|\bauthor\b|\bwho wrote\b/i;
const ENUMERATION = /、.*、|一是.*二是|[①②③]/;
const METHOD = /通过|为此|一是|推动|建立|实施|依托|坚持|聚焦|探索|打造/;

function evidenceBonus(text: string, query: SubQuery, terms: Term[]): number {
  const { intent, slots } = query;
  // A fact's own clause should hold the question's words, not just its sentence.
  const clauseShare = () => {
    const total = terms.reduce((sum, term) => sum + term.weight, 0) || 1;
    const clause = factClause(text, query, terms);
    return clause ? (0.25 * termOverlap(clause, terms)) / total : 0;
  };
  if (intent === "count") {
    const figure = slots.unit ? figureWithUnit(slots.unit) : FIGURE;
    return figure.test(text) ? 0.15 + clauseShare() + (countsAttribute(text, slots.attribute, figure) ? 0.2 : 0) : 0;
  }
  // A date that says when ("自今年4月…以来") is evidence; one inside a name ("2025年中央一号文件") barely.
  if (intent === "date") return DATE.test(text) ? (ADVERBIAL_DATE.test(text) ? 0.25 : 0.05) + clauseShare() : 0;
  if (intent === "person") {
    if (!slots.role || !foldAliases(text).includes(foldAliases(slots.role))) return 0;
    return 0.3 + (personAfterRole(text, slots.role) ? 0.2 : 0);
  }
  if (intent === "place") {
    // "兴仁市人社局的熊明伟": the organisation written right before the one asked about.
    const subject = /^(.{2,12}?)(?:是|在)哪/.exec(query.text)?.[1];
    // "南江地质队驻守地质工程师陈昊": a title may stand between the organisation and the person.
    const attached =
      subject && new RegExp(`${ORGANISATION.source}(?:的)?[\\u4e00-\\u9fff]{0,8}?${escapeRegExp(subject)}`).test(text);
    return (ORGANISATION.test(text) ? 0.1 : 0) + (attached ? 0.4 : 0);
  }
  if (intent === "definition")
    return slots.term ? (text.startsWith(slots.term) ? 0.3 : 0) + (text.includes(slots.term) ? 0.2 : 0) : 0;
  if (intent === "list") return ENUMERATION.test(text) ? 0.15 : 0;
  if (intent === "explain" || intent === "summary") return METHOD.test(text) ? 0.05 : 0;
  return 0;
}

/**
 * News style gives a person's organisation and title at the first mention ("重庆市地矿局南江地质队驻守地质
 * 工程师陈昊"): for 哪个单位 questions the first sentence naming the subject in each retrieved article is a candidate.
 */
function firstMentions(
  query: SubQuery,
  hits: RetrievedChunk[],
): Map<string, { article: Article; unit: TextUnit; kind: Candidate["kind"]; rank: number }> {
  const out = new Map<string, { article: Article; unit: TextUnit; kind: Candidate["kind"]; rank: number }>();
  const subject = query.intent === "place" ? /^(.{2,12}?)(?:是|在)哪/.exec(query.text)?.[1] : undefined;
  if (!subject) return out;
  const articles = [...new Set(hits.map((hit) => hit.article))].slice(0, 3);
  articles.forEach((article, rank) => {
    const first = articleUnits(article).sentences.find((sentence) => sentence.text.includes(subject));
    if (first)
      out.set(`${article.docId}:sentence:${first.start}:${first.end}`, {
        article,
        unit: first,
        kind: "sentence",
        rank,
      });
  });
  return out;
}

const ANAPHOR = /^(?:这支|这些|这一|这项|这个|这种|该|此|其|他们|她们|为此|对此|这)/;

/**
 * "这支队伍也很“简单”，在项目攻坚队临时党支部的引领下…": a sentence that refers back to the one
 * before it speaks of what that one named, so it is credited with most of that one's coverage.
 */
function inheritAntecedents(candidates: Candidate[]): void {
  const sentences = candidates.filter((candidate) => candidate.kind === "sentence");
  for (const candidate of sentences) {
    if (!ANAPHOR.test(candidate.text)) continue;
    const units = articleUnits(candidate.article).sentences;
    const index = units.findIndex((unit) => unit.start === candidate.start);
    const previous = index > 0 ? units[index - 1] : undefined;
    const antecedent =
      previous && sentences.find((other) => other.article === candidate.article && other.start === previous.start);
    if (!antecedent || antecedent.coverage * ANTECEDENT_SHARE <= candidate.coverage) continue;
    const gain = antecedent.coverage * ANTECEDENT_SHARE - candidate.coverage;
    candidate.coverage += gain;
    candidate.score += gain;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function scoreUnit(unit: TextUnit, terms: Term[], context: string): { coverage: number; matched: string[] } {
  const total = terms.reduce((sum, term) => sum + term.weight, 0) || 1;
  const folded = foldAliases(unit.text);
  const tokens = new Set<string>();
  let covered = 0;
  const matched: string[] = [];
  for (const term of terms) {
    const own = termCredit(term, folded, tokens);
    if (own > 0) matched.push(term.word);
    covered += term.weight * Math.max(own, termCredit(term, context, tokens) / 2);
  }
  return { coverage: covered / total, matched };
}

function bylineCandidates(article: Article): Array<TextUnit & { field: "author" | "authorNote" }> {
  const out: Array<TextUnit & { field: "author" | "authorNote" }> = [];
  if (article.authorNote)
    out.push({
      start: 0,
      end: article.authorNote.length,
      text: article.authorNote,
      paragraph: -1,
      incomplete: false,
      field: "authorNote",
    });
  if (article.author)
    out.push({
      start: 0,
      end: article.author.length,
      text: article.author,
      paragraph: -1,
      incomplete: false,
      field: "author",
    });
  return out;
}

/** The units of the paragraphs the retrieved chunks touch, once each, with the best rank of a chunk touching them. */
function touchedUnits(
  hits: RetrievedChunk[],
): Map<string, { article: Article; unit: TextUnit; kind: Candidate["kind"]; rank: number }> {
  const out = new Map<string, { article: Article; unit: TextUnit; kind: Candidate["kind"]; rank: number }>();
  hits.forEach((hit, rank) => {
    const { sentences, windows } = articleUnits(hit.article);
    const paragraphs = new Set(
      sentences.filter((s) => s.start < hit.chunk.end && hit.chunk.start < s.end).map((s) => s.paragraph),
    );
    const inTouched = (unit: TextUnit) =>
      unit.paragraph >= 0 ? paragraphs.has(unit.paragraph) : unit.start < hit.chunk.end && hit.chunk.start < unit.end;
    for (const [kind, units] of [
      ["sentence", sentences],
      ["window", windows],
    ] as const) {
      for (const unit of units.filter(inTouched)) {
        const key = `${hit.article.docId}:${kind}:${unit.start}:${unit.end}`;
        if (!out.has(key)) out.set(key, { article: hit.article, unit, kind, rank });
      }
    }
  });
  return out;
}

export async function gather(query: SubQuery, context: GatherContext): Promise<Evidence> {
  const { retriever } = context;
  const terms = questionTerms(query.text, retriever.index, context.dictionary, context.corpusText);
  const expansion = expansionText(terms);
  const searchText = expansion ? `${query.text} ${expansion}` : query.text;
  // An open question's points may sit anywhere in a long article, and the organisation a person
  // belongs to is named once among many mentions of them: these read twice as many passages.
  const open =
    query.intent === "explain" || query.intent === "summary" || query.intent === "list" || query.intent === "place";
  let hits = await retriever.retrieve(searchText, open ? context.topK * 2 : context.topK);
  if (query.intent === "definition" && query.slots.term) {
    // A definition usually opens a sentence with its term, which ranking by term frequency does not favour.
    const known = new Set(hits.map((hit) => hit.chunk.chunkId));
    hits = [...hits, ...retriever.definitionSearch(query.slots.term).filter((hit) => !known.has(hit.chunk.chunkId))];
  }
  const candidates: Candidate[] = [];
  const touched = touchedUnits(hits);
  for (const [key, entry] of firstMentions(query, hits)) if (!touched.has(key)) touched.set(key, entry);
  for (const { article, unit, kind, rank } of touched.values()) {
    const paragraph = article.paragraphs[unit.paragraph];
    const contextText = foldAliases(
      `${article.title}${article.deck.join("")}${article.section ?? ""}${paragraph ? article.text.slice(paragraph.start, paragraph.end) : ""}`,
    );
    const { coverage, matched } = scoreUnit(unit, terms, contextText);
    // A sentence the page cuts is worth less, unless the asked fact sits in a clause the cut leaves whole.
    const cut = unit.incomplete && wholeFactClause(unit.text, query, terms) === undefined;
    const score = coverage + evidenceBonus(unit.text, query, terms) + 0.1 / (1 + rank) - (cut ? 0.2 : 0);
    candidates.push({ ...unit, article, kind, coverage, matched, score });
  }
  if (ASKS_AUTHOR.test(query.text)) {
    for (const article of new Set(hits.slice(0, 3).map((hit) => hit.article))) {
      for (const byline of bylineCandidates(article)) {
        const { coverage, matched } = scoreUnit(byline, terms, foldAliases(`${article.title}${article.text}`));
        candidates.push({ ...byline, article, kind: "byline", coverage, matched, score: coverage + 0.3 });
      }
    }
  }
  inheritAntecedents(candidates);
  candidates.sort((left, right) => right.score - left.score || left.start - right.start);
  return { subQuery: query, terms, query: searchText, hits, candidates };
}
