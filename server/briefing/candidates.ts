// Candidate sentences for a briefing: retrieve broadly (the topic, then each of
// its key words, so an article that says "快递" but not "快递进村" still comes
// up), keep the articles that cover the topic and the scope, and split the
// retrieved chunks into whole sentences with their offsets in the article.
import type { Article } from "../../ingest/article.js";
import { sentenceSpans } from "../../ingest/text.js";
import { FIGURE } from "../answer/cues.js";
import type { Retriever } from "../retrieval.js";
import { articleContexts, inScope } from "../scope.js";
import type { BriefingScope } from "./types.js";
import { coverage, topicWords, type TopicWord } from "./topic.js";

/** An article covers the topic when it holds this weighted share of the topic's key words. */
export const ARTICLE_COVERAGE = 0.6;
const HITS_PER_QUERY = 12;
const MIN_SENTENCE = 12;
const MAX_SENTENCE = 260;
const FINISHED = /[。！？；!?;…][”’」』）)"']*$/;

export interface Candidate {
  article: Article;
  start: number;
  end: number;
  /** Exactly article.text.slice(start, end). */
  text: string;
  /** How well the sentence itself covers the topic (sub-words included), 0…1. */
  coverage: number;
  /** Best fused retrieval score of a chunk holding it, scaled to 0…1. */
  retrieval: number;
  hasFigure: boolean;
  score: number;
}

export interface CandidateSet {
  words: TopicWord[];
  /** Best article coverage of the topic's key words: below ARTICLE_COVERAGE means "not in the corpus". */
  bestCoverage: number;
  candidates: Candidate[];
}

/** Sentences of body paragraphs only: headings and captions make poor key points. */
export function bodySentences(article: Article): Array<{ start: number; end: number }> {
  const body = article.paragraphs.filter((paragraph) => paragraph.kind === "body");
  return sentenceSpans(article.text).filter((span) => body.some((paragraph) => span.start >= paragraph.start && span.end <= paragraph.end));
}

export async function gatherCandidates(retriever: Retriever, topic: string, topicText: string, scope?: BriefingScope): Promise<CandidateSet> {
  const { index } = retriever;
  const df = (word: string) => index.bm25.documentFrequency(word);
  const words = topicWords(topicText, index.segmenter, df, index.bm25.size);
  // Sub-words score sentences ("快递" for 快递进村), the whole words decide the refusal.
  const subWords = [...new Map([...words, ...index.segmenter.tokens(topicText).filter((token) => [...token].length >= 2).map((word) => ({ word, weight: Math.log(1 + index.bm25.size / (1 + df(word))) }))].map((word) => [word.word, word])).values()];
  const contexts = articleContexts(index.articles);
  const articles = index.articles.filter((article) => inScope(article, contexts.get(article.docId)!, scope));
  const covered = new Map(articles.map((article) => [article.docId, coverage(contexts.get(article.docId)!, words)]));
  const bestCoverage = Math.max(0, ...covered.values());
  if (bestCoverage < ARTICLE_COVERAGE) return { words, bestCoverage, candidates: [] };

  const queries = [...new Set([topic, topicText, ...words.map((word) => word.word)])];
  const retrieval = new Map<string, number>(); // chunkId → best score
  const hits = (await Promise.all(queries.map((query) => retriever.retrieve(query, HITS_PER_QUERY)))).flat();
  const topScore = Math.max(1e-9, ...hits.map((hit) => hit.score));
  for (const hit of hits) retrieval.set(hit.chunk.chunkId, Math.max(retrieval.get(hit.chunk.chunkId) ?? 0, hit.score / topScore));
  // With an article scope, every chunk of the article is a candidate, retrieved or not.
  if (scope?.docId) for (const chunk of index.chunks) if (chunk.docId === scope.docId && !retrieval.has(chunk.chunkId)) retrieval.set(chunk.chunkId, 0);

  const candidates = new Map<string, Candidate>();
  for (const chunk of index.chunks) {
    const chunkScore = retrieval.get(chunk.chunkId);
    const article = index.articleById.get(chunk.docId);
    if (chunkScore === undefined || !article || (covered.get(article.docId) ?? 0) < ARTICLE_COVERAGE) continue;
    for (const span of bodySentences(article)) {
      if (span.start < chunk.start || span.end > chunk.end) continue;
      const text = article.text.slice(span.start, span.end);
      // A sentence cut by a paragraph break in the source ("投递") would quote half a thought.
      if (text.length < MIN_SENTENCE || text.length > MAX_SENTENCE || !FINISHED.test(text)) continue;
      const key = `${article.docId}:${span.start}`;
      const known = candidates.get(key);
      if (known) {
        known.retrieval = Math.max(known.retrieval, chunkScore);
        continue;
      }
      candidates.set(key, { article, ...span, text, coverage: coverage(text, subWords), retrieval: chunkScore, hasFigure: FIGURE.test(text), score: 0 });
    }
  }
  // Direct speech ("“通过产业链党建,…") is colour, not a key point: it ranks a little lower.
  const scored = [...candidates.values()].map((candidate) => ({
    ...candidate,
    score: 0.6 * candidate.coverage + 0.25 * candidate.retrieval + (candidate.hasFigure ? 0.15 : 0) - (/^[“"「]/.test(candidate.text) ? 0.1 : 0),
  }));
  // A sentence that shares no word with the topic is only kept for its figures (成效 sentences list numbers).
  return { words, bestCoverage, candidates: scored.filter((candidate) => candidate.coverage > 0 || candidate.hasFigure).sort((a, b) => b.score - a.score) };
}
