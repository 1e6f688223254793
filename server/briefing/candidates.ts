// Candidate sentences for a briefing: retrieve broadly (the topic, then each of
// its key words, so an article that says "快递" but not "快递进村" still comes
// up), keep the articles that cover the topic and the scope, and split the
// retrieved chunks into whole sentences with their offsets in the article.
import type { Article } from "../../ingest/article.js";
import type { Chunk } from "../../ingest/chunk.js";
import { sentenceSpans } from "../../ingest/text.js";
import { FIGURE } from "../answer/figure-grammar.js";
import type { QuotedSpan } from "../answer/passage.js";
import type { Retriever } from "../retrieval/retriever.js";
import { inScope } from "../retrieval/scope.js";
import type { BriefingLookups } from "./lookups.js";
import type { BriefingScope } from "./types.js";
import { coverage, topicWords, type TopicWord } from "./topic.js";

/** An article covers the topic when it holds this weighted share of the topic's key words. */
export const ARTICLE_COVERAGE = 0.6;
const HITS_PER_QUERY = 12;
const MIN_SENTENCE = 12;
const MAX_SENTENCE = 260;
const FINISHED = /[。！？；!?;…][”’」』）)"']*$/;

/**
 * A body sentence that may become a key point, scored against the briefing's topic. Not the answerer's
 * Candidate (answer/gather.ts): that is any text unit (sentence, paragraph window, by-line) scored against
 * one sub-query's terms and then verified; this is a whole sentence ranked for MMR selection. What they
 * share, the quoted span, is QuotedSpan.
 */
export interface KeyPointCandidate extends QuotedSpan {
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
  candidates: KeyPointCandidate[];
}

/** Sentences of body paragraphs only: headings and captions make poor key points. Both lists are in text order. */
export function bodySentences(article: Article): Array<{ start: number; end: number }> {
  const body = article.paragraphs.filter((paragraph) => paragraph.kind === "body");
  let next = 0;
  return sentenceSpans(article.text).filter((span) => {
    let paragraph = body[next];
    while (paragraph && paragraph.end < span.end) paragraph = body[++next];
    return paragraph !== undefined && span.start >= paragraph.start && span.end <= paragraph.end;
  });
}

/** The retrieved chunks with their best score scaled to 0…1, in index order (ties between candidates keep it). */
async function retrievedChunks(
  retriever: Retriever,
  lookups: BriefingLookups,
  queries: string[],
  scope?: BriefingScope,
): Promise<Array<{ chunk: Chunk; score: number }>> {
  const retrieval = new Map<string, { chunk: Chunk; score: number }>();
  const hits = (await Promise.all(queries.map((query) => retriever.retrieve(query, HITS_PER_QUERY)))).flat();
  const topScore = Math.max(1e-9, ...hits.map((hit) => hit.score));
  for (const hit of hits) {
    const score = Math.max(retrieval.get(hit.chunk.chunkId)?.score ?? 0, hit.score / topScore);
    retrieval.set(hit.chunk.chunkId, { chunk: hit.chunk, score });
  }
  // With an article scope, every chunk of the article is a candidate, retrieved or not.
  if (scope?.docId)
    for (const chunk of lookups.chunksOf(scope.docId))
      if (!retrieval.has(chunk.chunkId)) retrieval.set(chunk.chunkId, { chunk, score: 0 });
  return [...retrieval.values()].sort((a, b) => lookups.chunkOrder(a.chunk) - lookups.chunkOrder(b.chunk));
}

/**
 * Candidate sentences for a topic. The work is proportional to what retrieval
 * returns (a few dozen chunks and their articles), never to the corpus: the
 * refusal is judged on the retrieved articles, since only their sentences can
 * become key points anyway.
 */
export async function gatherCandidates(
  retriever: Retriever,
  lookups: BriefingLookups,
  topic: string,
  topicText: string,
  scope?: BriefingScope,
): Promise<CandidateSet> {
  const { index } = retriever;
  const df = (word: string) => index.bm25.documentFrequency(word);
  const words = topicWords(topicText, index.segmenter, df, index.bm25.size);
  const queries = [...new Set([topic, topicText, ...words.map((word) => word.word)])];
  const chunks = await retrievedChunks(retriever, lookups, queries, scope);
  const covered = articleCoverage(chunks, retriever, lookups, words, scope);
  const bestCoverage = Math.max(0, ...covered.values());
  if (bestCoverage < ARTICLE_COVERAGE) return { words, bestCoverage, candidates: [] };
  const subWords = scoringWords(topicText, words, retriever, df);
  const candidates = sentenceCandidates(chunks, retriever, covered, subWords);
  // A sentence that shares no word with the topic is only kept for its figures (成效 sentences list numbers).
  return {
    words,
    bestCoverage,
    candidates: ranked(candidates)
      .filter((candidate) => candidate.coverage > 0 || candidate.hasFigure)
      .sort((a, b) => b.score - a.score),
  };
}

type RetrievedChunkList = Awaited<ReturnType<typeof retrievedChunks>>;

/** Sub-words score sentences ("快递" for 快递进村); the whole words decide the refusal. */
function scoringWords(topicText: string, words: TopicWord[], retriever: Retriever, df: (word: string) => number) {
  const { index } = retriever;
  const subWords = index.segmenter
    .tokens(topicText)
    .filter((token) => [...token].length >= 2)
    .map((word) => ({ word, weight: Math.log(1 + index.bm25.size / (1 + df(word))) }));
  return [...new Map([...words, ...subWords].map((word) => [word.word, word])).values()];
}

/** How much of the topic each retrieved in-scope article covers (its page's context included). */
function articleCoverage(
  chunks: RetrievedChunkList,
  retriever: Retriever,
  lookups: BriefingLookups,
  words: TopicWord[],
  scope: BriefingScope | undefined,
): Map<string, number> {
  const covered = new Map<string, number>();
  for (const { chunk } of chunks) {
    const article = retriever.index.articleById.get(chunk.docId);
    if (!article || covered.has(article.docId) || !inScope(article, lookups.places, scope)) continue;
    covered.set(article.docId, coverage(lookups.places.context(article), words));
  }
  return covered;
}

/** The whole sentences inside the retrieved chunks of well-covered articles, once each, with their best chunk score. */
function sentenceCandidates(
  chunks: RetrievedChunkList,
  retriever: Retriever,
  covered: Map<string, number>,
  subWords: TopicWord[],
): KeyPointCandidate[] {
  const candidates = new Map<string, KeyPointCandidate>();
  const sentencesOf = new Map<string, Array<{ start: number; end: number }>>();
  for (const { chunk, score: chunkScore } of chunks) {
    const article = retriever.index.articleById.get(chunk.docId);
    if (!article || (covered.get(article.docId) ?? 0) < ARTICLE_COVERAGE) continue;
    let spans = sentencesOf.get(article.docId);
    if (!spans) sentencesOf.set(article.docId, (spans = bodySentences(article)));
    for (const span of spans) {
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
      const figure = FIGURE.test(text);
      const fields = { text, coverage: coverage(text, subWords), retrieval: chunkScore, hasFigure: figure, score: 0 };
      candidates.set(key, { article, ...span, ...fields });
    }
  }
  return [...candidates.values()];
}

/** Direct speech ("“通过产业链党建,…") is colour, not a key point: it ranks a little lower. */
function ranked(candidates: KeyPointCandidate[]): KeyPointCandidate[] {
  return candidates.map((candidate) => ({
    ...candidate,
    score:
      0.6 * candidate.coverage +
      0.25 * candidate.retrieval +
      (candidate.hasFigure ? 0.15 : 0) -
      (/^[“"「]/.test(candidate.text) ? 0.1 : 0),
  }));
}
