// Maximal marginal relevance: each next key point is the candidate that best
// trades relevance to the topic against similarity to the points already
// chosen, so a briefing does not say the same thing three times. Similarity is
// token overlap (Jaccard over jieba words): deterministic, and independent of
// which embedder built the index.
import type { Segmenter } from "../../ingest/segment.js";
import type { KeyPointCandidate } from "./candidates.js";

export const MIN_POINTS = 3;
export const MAX_POINTS = 8;
const LAMBDA = 0.7;
/** Above this overlap two sentences say the same thing: never both. */
const DUPLICATE = 0.6;
/** Points after the minimum must score at least this share of the best candidate. */
const KEEP_SHARE = 0.45;

function jaccard(left: Set<string>, right: Set<string>): number {
  let shared = 0;
  for (const token of left) if (right.has(token)) shared++;
  const union = left.size + right.size - shared;
  return union === 0 ? 0 : shared / union;
}

export function selectKeyPoints(
  candidates: KeyPointCandidate[],
  segmenter: Segmenter,
  maxPoints = MAX_POINTS,
): KeyPointCandidate[] {
  const pool = candidates.map((candidate) => ({ candidate, tokens: new Set(segmenter.tokens(candidate.text)) }));
  const best = pool[0]?.candidate.score ?? 0;
  const chosen: typeof pool = [];
  while (chosen.length < maxPoints) {
    let pick: { entry: (typeof pool)[number]; value: number } | undefined;
    for (const entry of pool) {
      if (chosen.includes(entry)) continue;
      const similarity = Math.max(0, ...chosen.map((other) => jaccard(entry.tokens, other.tokens)));
      if (similarity > DUPLICATE) continue;
      const value = LAMBDA * entry.candidate.score - (1 - LAMBDA) * similarity;
      if (!pick || value > pick.value) pick = { entry, value };
    }
    if (!pick) break;
    if (chosen.length >= MIN_POINTS && pick.entry.candidate.score < KEEP_SHARE * best) break;
    chosen.push(pick.entry);
  }
  return chosen.map((entry) => entry.candidate);
}

/** Group by article (articles in order of their best point), and in article order within each. */
export function groupByArticle(points: KeyPointCandidate[]): KeyPointCandidate[] {
  const firstRank = new Map<string, number>();
  points.forEach((point, rank) => firstRank.has(point.article.docId) || firstRank.set(point.article.docId, rank));
  const rank = (point: KeyPointCandidate) => firstRank.get(point.article.docId) ?? 0;
  return [...points].sort((a, b) => rank(a) - rank(b) || a.start - b.start);
}
