// The offline answerer: picks the sentences of the retrieved passages that
// answer the question and quotes them, leading with the fact itself for count,
// date and name questions. It refuses when no sentence covers the question
// well enough, or when the only candidates come from articles about another
// place or organisation than the one asked about.
import type { Article } from "../../ingest/articles.js";
import { sentenceSpans } from "../../ingest/text.js";
import type { RetrievedChunk, SearchIndex } from "../retrieval.js";
import { provincesIn, type QuestionAnalysis } from "./question.js";
import type { Citation, Coverage } from "./types.js";

export interface ExtractiveAnswer {
  answer: string;
  refused: boolean;
  coverage: Coverage;
  missing?: string[];
  citations: Citation[];
  related?: Citation[];
}

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
  minCoverage: 0.55,
  /** Below this the answer is marked partial and the missing words are named. */
  fullCoverage: 0.75,
  maxSentences: 3,
  maxAnswerChars: 360,
};

// Interrogatives name what is asked for, not what the source must contain.
const QUESTION_WORDS = /多少钱|多少|哪一年|哪年|何时|什么时候|什么|哪些|哪个|哪位|哪里|哪儿|谁|如何|怎样|怎么样|怎么|为什么|为何|是否|有没有|吗|呢|请问|几/g;
const FIGURE = /[0-9０-９]+(?:[.,][0-9]+)*(?:余|多)?(?:万|亿)?(?:个|家|名|人|项|条|支|次|件|起|期|亩|元|万元|亿元|公里|米|倍|年|月|日|天|小时|%|％|余)/;
const DATE = /(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|今年\d{1,2}月/;
const TYPE_EVIDENCE: Partial<Record<QuestionAnalysis["type"], RegExp>> = {
  quantity: FIGURE,
  date: DATE,
  person: /书记|主任|部长|负责人|经理|队长|所长|处长|院长|教授|记者|[\u4e00-\u9fff]{2,3}(?:说|介绍|表示)/,
  list: /、.*、/,
  definition: /是|指|即/,
  reason: /因为|由于|为了|旨在|目的/,
  method: /通过|采取|建立|推动|实施|依托/,
};

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
    const candidates = this.candidates(hits, weights, analysis);
    const grounded = candidates.filter((candidate) => this.mentionsAll(candidate.article, analysis.entities));
    const best = grounded.filter((candidate) => candidate.coverage >= EXTRACTIVE_SETTINGS.minCoverage);
    if (best.length === 0) return this.refusal(analysis, candidates, grounded.length < candidates.length);

    const chosen = pickDiverse(best, analysis.type === "quantity" || analysis.type === "date" || analysis.type === "person" ? 1 : EXTRACTIVE_SETTINGS.maxSentences);
    const citations = chosen.map((candidate, i) => toCitation(candidate, i + 1));
    const top = chosen[0]!;
    // A weighty question word that none of the chosen articles mentions is what the corpus lacks.
    const chosenText = chosen.map((candidate) => `${candidate.article.title}${candidate.article.text}`).join("");
    const missing = [...weights.keys()].filter((word) => !chosenText.includes(word) && weights.get(word)! >= median([...weights.values()]));
    const coverage: Coverage = top.coverage >= EXTRACTIVE_SETTINGS.fullCoverage || missing.length === 0 ? "answered" : "partial";
    const lead = leadingFact(top.text, analysis, weights);
    const body = chosen.map((candidate, i) => `${candidate.text.trim()}[${i + 1}]`);
    const parts = lead && lead !== top.text.trim() ? [`${lead}[1]。`, `原文：“${body[0]!.replace(/\[1\]$/, "")}”[1]`, ...body.slice(1)] : body;
    let answer = analysis.language === "en" ? englishFrame(parts) : parts.join("\n\n");
    if (coverage === "partial") {
      answer += analysis.language === "en" ? `\n\n(The corpus does not cover: ${missing.join(", ")}.)` : `\n\n（语料未涉及：${missing.join("、")}。）`;
    }
    return { answer, refused: false, coverage, ...(coverage === "partial" ? { missing } : {}), citations };
  }

  /** Question words with their IDF weights (rare words weigh most; unknown words weigh the most). */
  private questionWeights(question: string): Map<string, number> {
    const { postings, documentLengths } = this.index.bm25.toJSON();
    const documents = documentLengths.length;
    const weights = new Map<string, number>();
    for (const token of this.index.segmenter.tokens(question.replace(QUESTION_WORDS, " "))) {
      const df = postings[token]?.length ?? 0;
      weights.set(token, Math.log(1 + (documents - df + 0.5) / (df + 0.5)));
    }
    // Search mode also emits the parts of long words; keep a whole word and drop its parts.
    for (const token of weights.keys()) {
      if ([...weights.keys()].some((other) => other !== token && other.includes(token))) weights.delete(token);
    }
    return weights;
  }

  private candidates(hits: RetrievedChunk[], weights: Map<string, number>, analysis: QuestionAnalysis): Candidate[] {
    const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0) || 1;
    const seen = new Set<string>();
    const out: Candidate[] = [];
    hits.forEach((hit, rank) => {
      const titleTokens = new Set(this.index.segmenter.tokens(hit.article.title));
      for (const span of sentenceSpans(hit.chunk.text)) {
        const start = hit.chunk.start + span.start;
        const end = hit.chunk.start + span.end;
        const key = `${hit.article.docId}:${start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const text = hit.article.text.slice(start, end);
        if (text.length < 6) continue; // headings and fragments answer nothing
        const sentenceTokens = new Set(this.index.segmenter.tokens(text));
        const matched = new Set([...weights.keys()].filter((word) => sentenceTokens.has(word) || text.includes(word)));
        let covered = 0;
        for (const [word, weight] of weights) covered += matched.has(word) ? weight : titleTokens.has(word) ? weight / 2 : 0;
        const coverage = covered / total;
        const evidence = TYPE_EVIDENCE[analysis.type]?.test(text) ? 0.15 : 0;
        out.push({ article: hit.article, start, end, text, coverage, matched, score: coverage + evidence + 0.1 / (1 + rank) });
      }
    });
    return out.sort((left, right) => right.score - left.score);
  }

  /** Does the article speak of every place/organisation/person the question names? */
  private mentionsAll(article: Article, entities: string[]): boolean {
    const haystack = `${article.title}${article.section ?? ""}${article.text}`;
    return entities.every((entity) => {
      if (haystack.includes(entity)) return true;
      const provinces = this.articleProvinces.get(article.docId)!;
      // An article that names no province speaks of its page's province ("省工信厅" on a 贵州 page).
      return provinces.size === 0 && this.pageProvinces.get(article.source)!.has(entity);
    });
  }

  private refusal(analysis: QuestionAnalysis, candidates: Candidate[], entityMismatch: boolean): ExtractiveAnswer {
    const related = candidates.slice(0, 2).map((candidate, i) => toCitation(candidate, i + 1));
    const named = analysis.entities.filter((entity) => !candidates.some((candidate) => this.mentionsAll(candidate.article, [entity])));
    let answer: string;
    if (analysis.language === "en") {
      answer = named.length > 0 ? `The corpus has nothing about ${named.join(", ")} on this question.` : "The corpus does not contain an answer to this question.";
    } else if (entityMismatch && named.length > 0) {
      answer = `语料中没有找到关于“${named.join("、")}”的相关内容，无法回答这个问题。`;
    } else {
      answer = "语料中没有找到能回答这个问题的内容。";
    }
    return { answer, refused: true, coverage: "not_found", citations: [], ...(related.length > 0 ? { related } : {}) };
  }
}

/** The clause of the sentence that states the asked-for fact: "江苏省累计建立产业链党建联盟(党委)901个". */
function leadingFact(sentence: string, analysis: QuestionAnalysis, weights: Map<string, number>): string | undefined {
  const pattern = analysis.type === "quantity" ? FIGURE : analysis.type === "date" ? DATE : undefined;
  if (!pattern) return undefined;
  const clauses = sentence.split(/(?<=[，,；;])/).map((clause) => clause.trim());
  const overlap = (clause: string) => [...weights.keys()].reduce((sum, word) => sum + (clause.includes(word) ? weights.get(word)! : 0), 0);
  const ranked = clauses.map((clause, index) => ({ clause, index })).filter(({ clause }) => pattern.test(clause));
  const best = ranked.sort((left, right) => overlap(right.clause) - overlap(left.clause))[0];
  if (!best) return undefined;
  // A bare figure ("2022年,") says little alone: keep the clause that follows it.
  const text = best.clause.length < 10 && clauses[best.index + 1] ? best.clause + clauses[best.index + 1] : best.clause;
  return text.replace(/[，,；;。！？!?]+$/, "");
}

function englishFrame(parts: string[]): string {
  return `According to the corpus (quoted in Chinese):\n\n${parts.join("\n\n")}`;
}

/** The best candidates, skipping any that overlap one already chosen. */
function pickDiverse(candidates: Candidate[], limit: number): Candidate[] {
  const chosen: Candidate[] = [];
  let length = 0;
  for (const candidate of candidates) {
    if (chosen.length >= limit) break;
    const overlaps = chosen.some((other) => other.article.docId === candidate.article.docId && other.start < candidate.end && candidate.start < other.end);
    if (overlaps || (chosen.length > 0 && length + candidate.text.length > EXTRACTIVE_SETTINGS.maxAnswerChars)) continue;
    if (chosen.length > 0 && candidate.coverage < EXTRACTIVE_SETTINGS.minCoverage) continue;
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
    title: article.title,
    ...(article.author ? { author: article.author } : {}),
    quote: candidate.text,
    start: candidate.start,
    end: candidate.end,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
}
