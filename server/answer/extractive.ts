// The offline answerer: picks the sentences of the retrieved passages that
// answer the question and quotes them, leading with the fact itself for count,
// date and name questions. It refuses when no sentence covers the question
// well enough, or when the only candidates come from articles about another
// place or organisation than the one asked about.
import type { Article } from "../../ingest/articles.js";
import { sentenceSpans } from "../../ingest/text.js";
import type { RetrievedChunk, SearchIndex } from "../retrieval.js";
import type { Segmenter } from "../../ingest/segment.js";
import { askedAttribute, askedRole, DATE, definedTerm, evidenceFor, FIGURE, foldAliases, QUESTION_WORDS } from "./cues.js";
import { findEntities, PROVINCES, provincesIn, type QuestionAnalysis } from "./question.js";
import type { AnswerResult, Citation, Coverage } from "./types.js";

/** The part of an AnswerResult the extractive answerer decides. */
export type ExtractiveAnswer = Pick<AnswerResult, "answer" | "refused" | "coverage" | "missing" | "citations" | "related">;

interface Candidate {
  article: Article;
  start: number;
  end: number;
  text: string;
  /** Share of the question's word weight (IDF) found in the sentence or its article title. */
  coverage: number;
  score: number;
  matched: Set<string>;
}

/** Tuned on the eval's dev split only (npm run eval); see README "Answering". */
export const EXTRACTIVE_SETTINGS = {
  /** Below this coverage no sentence is taken to answer the question. */
  minCoverage: 0.40,
  maxSentences: 3,
  maxAnswerChars: 360,
};

const SHORT_SENTENCE = 25;

export class ExtractiveAnswerer {
  private readonly pageProvinces = new Map<string, Set<string>>();
  private readonly articleProvinces = new Map<string, Set<string>>();

  constructor(private readonly index: SearchIndex) {
    for (const article of index.articles) {
      const provinces = provincesIn(`${article.title}${article.text}`);
      this.articleProvinces.set(article.docId, provinces);
      const page = this.pageProvinces.get(article.source) ?? new Set<string>();
      provinces.forEach((province) => page.add(province));
      this.pageProvinces.set(article.source, page);
    }
  }

  answer(question: string, analysis: QuestionAnalysis, hits: RetrievedChunk[]): ExtractiveAnswer {
    const weights = this.questionWeights(question);
    const candidates = this.candidates(question, hits, weights, analysis);
    const grounded = candidates.filter((candidate) => this.mentionsAll(candidate.article, analysis.entities));
    const needsFigure = analysis.type === "quantity" || analysis.type === "date";
    // "多少亿元" wants a figure in 元: "120万吨" does not answer it.
    const figurePattern = analysis.type === "date" ? DATE : (evidenceFor(question, analysis) ?? FIGURE);
    // "……的党建专员是谁": only a sentence that names that role can name the person.
    const role = analysis.type === "person" ? askedRole(question) : undefined;
    const best = grounded.filter(
      (candidate) =>
        candidate.coverage >= EXTRACTIVE_SETTINGS.minCoverage && (!needsFigure || figurePattern.test(candidate.text)) && (!role || foldAliases(candidate.text).includes(foldAliases(role))),
    );
    // A refusal names what the nearest articles lack ("营收"), when it can.
    const refuse = (entityMismatch: boolean) => {
      const nearest = [...new Set(candidates.slice(0, 3).map((candidate) => candidate.article))];
      return this.refusal(analysis, candidates, entityMismatch, this.missingTerms(question, nearest, analysis));
    };
    if (best.length === 0) return refuse(grounded.length < candidates.length);

    // A figure whose clause names another place or organisation than the one asked
    // about ("省工信厅推动建立42个" for a question on 省科技厅) answers a different question.
    const onTopic = needsFigure ? best.filter((candidate) => !namesSomeoneElse(leadingFact(question, candidate.text, analysis, weights) ?? candidate.text, analysis.entities, this.index.segmenter)) : best;
    if (onTopic.length === 0) return refuse(true);
    const chosen = pickDiverse(onTopic, needsFigure || analysis.type === "person" ? 1 : EXTRACTIVE_SETTINGS.maxSentences);
    const top = chosen[0]!;
    const missing = this.missingTerms(question, chosen.map((candidate) => candidate.article), analysis);
    // A figure for a quantity the source never names ("营收", "总投资") would be a wrong
    // figure: refuse. Other missing words only make the answer partial.
    const attribute = askedAttribute(question);
    if (needsFigure && attribute && missing.some((word) => attribute.includes(word))) return this.refusal(analysis, candidates, false, missing);

    const citations = chosen.map((candidate, i) => toCitation(candidate, i + 1));
    const coverage: Coverage = missing.length === 0 ? "answered" : "partial";
    const lead = leadingFact(question, top.text, analysis, weights);
    const body = chosen.map((candidate, i) => `${candidate.text.trim()}[${i + 1}]`);
    const parts = lead && lead !== top.text.trim() ? [`${lead}[1]。`, `原文：“${body[0]!.replace(/\[1\]$/, "")}”[1]`, ...body.slice(1)] : body;
    let answer = analysis.language === "en" ? englishFrame(parts) : parts.join("\n\n");
    if (coverage === "partial") {
      answer += analysis.language === "en" ? `\n\n(The corpus does not cover: ${missing.join(", ")}.)` : `\n\n（语料未涉及：${missing.join("、")}。）`;
    }
    return { answer, refused: false, coverage, ...(coverage === "partial" ? { missing } : {}), citations };
  }

  /** Nouns of the question (things, names, times) that none of the source articles mentions. */
  private missingTerms(question: string, articles: Article[], analysis: QuestionAnalysis): string[] {
    const text = foldAliases(articles.map((article) => `${article.title}${article.text}`).join(""));
    // Nouns (things, names, times), and any word the whole corpus never uses ("收入").
    const nouns = this.index.segmenter
      .tag(question.replace(QUESTION_WORDS, " "))
      .filter(({ word, tag }) => word.length >= 2 && !/^\d/.test(word) && (/^(n|vn|t|eng)/.test(tag) || (/^(n|v|a|x)/.test(tag) && /^[\u4e00-\u9fff]+$/.test(word) && !/^[是在从对把被要会能可将]/.test(word) && this.index.bm25.documentFrequency(word) === 0)))
      .map(({ word }) => word);
    return [...new Set(nouns)].filter((word) => {
      if (text.includes(foldAliases(word))) return false;
      // "甘肃省" is the entity "甘肃", which the entity guard already checked.
      const entity = analysis.entities.find((name) => name === word || name === word.replace(/省$/, ""));
      return !(entity && articles.some((article) => this.mentionsAll(article, [entity])));
    });
  }

  /** Question words with their IDF weights (rare words weigh most; unknown words weigh the most). */
  private questionWeights(question: string): Map<string, number> {
    const documents = this.index.bm25.size;
    const weights = new Map<string, number>();
    for (const token of this.index.segmenter.tokens(foldAliases(question.replace(QUESTION_WORDS, " ")))) {
      const df = this.index.bm25.documentFrequency(token);
      weights.set(token, Math.log(1 + (documents - df + 0.5) / (df + 0.5)));
    }
    // Search mode also emits the parts of long words; keep a whole word and drop its parts.
    for (const token of weights.keys()) {
      if ([...weights.keys()].some((other) => other !== token && other.includes(token))) weights.delete(token);
    }
    return weights;
  }

  private candidates(question: string, hits: RetrievedChunk[], weights: Map<string, number>, analysis: QuestionAnalysis): Candidate[] {
    const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0) || 1;
    // "什么是产业链党建": a sentence that opens with the term usually defines it.
    const term = analysis.type === "definition" ? definedTerm(question) : undefined;
    const evidencePattern = evidenceFor(question, analysis);
    // "……的党建专员是谁": the sentence naming the person also names the role.
    const role = analysis.type === "person" ? askedRole(question) : undefined;
    const seen = new Set<string>();
    const out: Candidate[] = [];
    hits.forEach((hit, rank) => {
      // Words found only around the sentence (its chunk, its article title) count half:
      // "联合党支部党建专员盛芙蓉介绍。" answers a question that names 贵安综合保税区孵化园.
      const context = foldAliases(`${hit.article.title}${hit.chunk.text}`);
      for (const span of sentenceSpans(hit.chunk.text)) {
        const start = hit.chunk.start + span.start;
        let end = hit.chunk.start + span.end;
        // A short run-in sentence ("抢占未来产业新赛道。") is read with the next one, even past the chunk.
        if (end - start < SHORT_SENTENCE) end = nextSentenceEnd(hit.article.text, end) ?? end;
        const key = `${hit.article.docId}:${start}:${end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const text = hit.article.text.slice(start, end);
        if (text.length < 6) continue; // headings and fragments answer nothing
        const folded = foldAliases(text);
        const sentenceTokens = new Set(this.index.segmenter.tokens(folded));
        const matched = new Set([...weights.keys()].filter((word) => sentenceTokens.has(word) || folded.includes(word)));
        let covered = 0;
        for (const [word, weight] of weights) covered += matched.has(word) ? weight : context.includes(word) ? weight / 2 : 0;
        const coverage = covered / total;
        const evidence = (evidencePattern?.test(text) ? 0.15 : 0) + (term && text.startsWith(term) ? 0.3 : 0) + (role && text.includes(role) ? 0.3 : 0);
        out.push({ article: hit.article, start, end, text, coverage, matched, score: coverage + evidence + 0.1 / (1 + rank) });
      }
    });
    return out.sort((left, right) => right.score - left.score);
  }

  /** Does the article speak of every place/organisation/person the question names? */
  private mentionsAll(article: Article, entities: string[]): boolean {
    const haystack = foldAliases(`${article.title}${article.section ?? ""}${article.text}`);
    return entities.every((entity) => {
      if (haystack.includes(foldAliases(entity))) return true;
      const provinces = this.articleProvinces.get(article.docId)!;
      // An article that names no province speaks of its page's province ("省工信厅" on a 贵州 page).
      return provinces.size === 0 && this.pageProvinces.get(article.source)!.has(entity);
    });
  }

  private refusal(analysis: QuestionAnalysis, candidates: Candidate[], entityMismatch: boolean, missing: string[] = []): ExtractiveAnswer {
    const related = pickDiverse(candidates, 2, 0).map((candidate, i) => toCitation(candidate, i + 1));
    const named = analysis.entities.filter((entity) => !candidates.some((candidate) => this.mentionsAll(candidate.article, [entity])));
    let answer: string;
    if (analysis.language === "en") {
      answer = named.length > 0 ? `The corpus has nothing about ${named.join(", ")} on this question.` : "The corpus does not contain an answer to this question.";
    } else if (missing.length > 0) {
      answer = `语料中没有找到关于“${missing.join("、")}”的信息，无法回答这个问题。`;
    } else if (entityMismatch && named.length > 0) {
      answer = `语料中没有找到关于“${named.join("、")}”的相关内容，无法回答这个问题。`;
    } else {
      answer = "语料中没有找到能回答这个问题的内容。";
    }
    return { answer, refused: true, coverage: "not_found", citations: [], ...(related.length > 0 ? { related } : {}) };
  }
}

/** The clause of the sentence that states the asked-for fact: "江苏省累计建立产业链党建联盟(党委)901个". */
function leadingFact(question: string, sentence: string, analysis: QuestionAnalysis, weights: Map<string, number>): string | undefined {
  const pattern = analysis.type === "date" ? DATE : analysis.type === "quantity" ? (evidenceFor(question, analysis) ?? FIGURE) : undefined;
  if (!pattern) return undefined;
  const clauses = sentence.split(/(?<=[，,；;])/).map((clause) => clause.trim());
  const overlap = (clause: string) => [...weights.keys()].reduce((sum, word) => sum + (clause.includes(word) ? weights.get(word)! : 0), 0);
  const ranked = clauses.map((clause, index) => ({ clause, index })).filter(({ clause }) => pattern.test(clause));
  const best = ranked.sort((left, right) => overlap(right.clause) - overlap(left.clause))[0];
  if (!best) return undefined;
  // A bare figure ("2022年,") says little alone: keep the clause that follows it.
  const text = best.clause.length < 10 && clauses[best.index + 1] ? best.clause + clauses[best.index + 1] : best.clause;
  return text.replace(/(?<![，,；;。！？!?])[，,；;。！？!?]+$/, "");
}

/** End of the sentence that follows `offset` in the article, if any. */
function nextSentenceEnd(text: string, offset: number): number | undefined {
  const next = sentenceSpans(text.slice(offset, offset + 400))[0];
  return next ? offset + next.end : undefined;
}

/** Does the clause name a place or organisation, none of which the question asked about? */
function namesSomeoneElse(clause: string, asked: string[], segmenter: Segmenter): boolean {
  const named = findEntities(clause, segmenter).filter((entity) => !PROVINCES.includes(entity));
  if (named.length === 0 || asked.length === 0) return false;
  const askedFolded = asked.map(foldAliases);
  return !named.some((entity) => askedFolded.some((wanted) => wanted.includes(foldAliases(entity)) || foldAliases(entity).includes(wanted)));
}

function englishFrame(parts: string[]): string {
  return `According to the corpus (quoted in Chinese):\n\n${parts.join("\n\n")}`;
}

/** The best candidates, skipping any that overlap one already chosen. */
function pickDiverse(candidates: Candidate[], limit: number, minCoverage = EXTRACTIVE_SETTINGS.minCoverage): Candidate[] {
  const chosen: Candidate[] = [];
  let length = 0;
  for (const candidate of candidates) {
    if (chosen.length >= limit) break;
    const overlaps = chosen.some((other) => other.article.docId === candidate.article.docId && other.start < candidate.end && candidate.start < other.end);
    if (overlaps || (chosen.length > 0 && length + candidate.text.length > EXTRACTIVE_SETTINGS.maxAnswerChars)) continue;
    if (chosen.length > 0 && candidate.coverage < minCoverage) continue;
    chosen.push(candidate);
    length += candidate.text.length;
  }
  return chosen;
}

function toCitation(candidate: Candidate, n: number): Citation {
  const { article } = candidate;
  return {
    n,
    docId: article.docId,
    source: article.source,
    sourceId: article.sourceId,
    sourceName: article.sourceName,
    title: article.title,
    ...(article.author ? { author: article.author } : {}),
    quote: candidate.text,
    start: candidate.start,
    end: candidate.end,
  };
}
