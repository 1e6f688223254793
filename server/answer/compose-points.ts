// Composition for lists and open questions. A list answer is the merged
// enumeration ("主要有：A、B、C[1]"), from the sentence that enumerates or the
// one after it. An explain or summary answer is 3–6 cited points chosen with
// the briefing's MMR over the sentences of the best paragraph windows, told in
// the article's order.
import type { Segmenter } from "../../ingest/segment.js";
import { groupByArticle, selectKeyPoints } from "../briefing/select.js";
import type { KeyPointCandidate } from "../briefing/candidates.js";
import { enumerationItems } from "./facts.js";
import type { Term } from "./terms.js";
import { FIGURE } from "./figure-grammar.js";
import type { Candidate } from "./gather.js";
import { articleUnits } from "./units.js";
import type { CitationList } from "./citation-list.js";
import { withMarker } from "./markers.js";

const MAX_POINTS = 6;
const LONG_POINT = 160;
const MAX_LIST_SOURCES = 3;
const LIST_SOURCE_SHARE = 0.85;

/** The kind of thing a list question asks for: "哪些县的景区" → 县, "哪几个部门" → 部门. */
function askedHead(question: string): string {
  const after = /(?:哪些|哪几[个种项家类位]?)([\u4e00-\u9fff]{1,4})/.exec(question)?.[1] ?? "";
  return after.split(/的|有|是|在|要|能/)[0] ?? "";
}
/** A point must score at least this share of the best one. */
const POINT_SHARE = 0.5;

/**
 * The sentence after `candidate` in its paragraph: where an enumeration often follows the sentence echoing the
 * question.
 */
function nextSentence(candidate: Candidate): Candidate | undefined {
  const next = articleUnits(candidate.article).sentences.find((sentence) => sentence.start >= candidate.end);
  if (!next || next.paragraph !== candidate.paragraph || next.incomplete) return undefined;
  return { ...candidate, ...next, kind: "sentence" };
}

/** "主要有：A、B、C[1]；D、E[2]。", or undefined when no accepted sentence enumerates. */
export function composeList(
  accepted: Candidate[],
  cites: CitationList,
  terms: Term[],
  question: string,
): string | undefined {
  const parts: string[] = [];
  const seen = new Set<string>();
  const head = askedHead(question);
  const sentences = accepted.filter((entry) => entry.kind === "sentence");
  const best = sentences[0]?.score ?? 0;
  // Further sources only when they answer nearly as well as the best one.
  for (const candidate of sentences.filter((entry) => entry.score >= LIST_SOURCE_SHARE * best).slice(0, 6)) {
    if (parts.length >= MAX_LIST_SOURCES) break;
    for (const source of [candidate, nextSentence(candidate)]) {
      if (!source) continue;
      const items = enumerationItems(source.text, terms, head).filter((item) => !seen.has(item));
      // A further enumeration must be of the kind of thing asked for ("功能区"), not any list nearby.
      if (items.length < 2 || (parts.length > 0 && head !== "" && !source.text.includes(head))) continue;
      items.forEach((item) => seen.add(item));
      parts.push(`${items.join("、")}${cites.marker(source)}`);
      break;
    }
  }
  return parts.length > 0 ? `主要有：${parts.join("；")}。` : undefined;
}

function asKeyPointCandidate(candidate: Candidate, score: number): KeyPointCandidate {
  const { article, start, end, text, coverage } = candidate;
  return { article, start, end, text, coverage, retrieval: 0, hasFigure: FIGURE.test(text), score };
}

/**
 * The points of an explain/summary answer: sentences of the best windows (a sentence
 * in the paragraph that answers inherits that paragraph's score), picked by MMR so
 * no two say the same thing, then in the order the article tells them.
 */
export function composePoints(
  accepted: Candidate[],
  segmenter: Segmenter,
  cites: CitationList,
  minPoints = 3,
): string[] {
  const windows = accepted.filter((candidate) => candidate.kind === "window").slice(0, 3);
  const pool = new Map<string, { candidate: Candidate; score: number }>();
  const offer = (candidate: Candidate, raw: number) => {
    if (candidate.incomplete || candidate.text.length < 12) return;
    // A very long sentence is a paragraph's preamble more often than a point.
    const score = candidate.text.length > LONG_POINT ? raw * 0.7 : raw;
    const key = `${candidate.article.docId}:${candidate.start}`;
    const known = pool.get(key);
    if (!known || known.score < score) pool.set(key, { candidate, score });
  };
  for (const candidate of accepted.filter((entry) => entry.kind === "sentence")) offer(candidate, candidate.score);
  for (const window of windows) {
    for (const sentence of articleUnits(window.article).sentences.filter(
      (s) => s.start >= window.start && s.end <= window.end,
    )) {
      const own = accepted.find(
        (candidate) =>
          candidate.kind === "sentence" && candidate.article === window.article && candidate.start === sentence.start,
      );
      offer(
        { ...window, ...sentence, kind: "sentence", coverage: own?.coverage ?? window.coverage },
        0.5 * window.score + 0.5 * (own?.score ?? window.score * 0.6),
      );
    }
  }
  const ranked = [...pool.values()].sort((left, right) => right.score - left.score);
  const best = ranked[0]?.score ?? 0;
  const kept = ranked.filter((entry, i) => i < minPoints || entry.score >= POINT_SHARE * best);
  const byKey = new Map(
    kept.map((entry) => [`${entry.candidate.article.docId}:${entry.candidate.start}`, entry.candidate]),
  );
  const chosen = groupByArticle(
    selectKeyPoints(
      kept.map((entry) => asKeyPointCandidate(entry.candidate, entry.score)),
      segmenter,
      MAX_POINTS,
    ),
  );
  return chosen.flatMap((point) => {
    const candidate = byKey.get(`${point.article.docId}:${point.start}`);
    return candidate ? [`- ${withMarker(candidate.text, cites.marker(candidate))}`] : [];
  });
}
