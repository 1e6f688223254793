// After a model writes, every sentence is checked against the passage it cites
// by token overlap, as RAGFlow's insert_citations does: a sentence whose words
// are mostly in a passage is cited to it (the passage it named if that one
// holds it, else the one that holds it best); a sentence no passage supports
// loses its claim (it is dropped). A sentence that only says what the sources
// lack ("资料没有提到…") claims nothing and stays, uncited.
import type { Segmenter } from "../../ingest/segment.js";
import {
  formatCitationMarkers,
  leadingCitationMarkers,
  parseCitationMarkers,
  stripCitationMarkers,
} from "./citations.js";
import { trimEndOf } from "./text-edges.js";

/** Share of a sentence's words a passage must hold to support it. Set on the dev split's fake-model tests. */
export const SUPPORT_THRESHOLD = 0.5;
const CLEARLY_BETTER = 0.2;
const ABSENCE = /无法回答|(?:没有|未|并未|均未)(?:提到|提及|涉及|给出|说明|披露|包含)|not (?:mention|cover|say|state)/i;

export interface SupportResult {
  text: string;
  /** Sentences dropped because no passage supports them. */
  dropped: string[];
}

function overlap(sentence: Set<string>, passage: Set<string>): number {
  if (sentence.size === 0) return 1;
  let shared = 0;
  for (const token of sentence) if (passage.has(token)) shared++;
  return shared / sentence.size;
}

const ENDS = "。！？!?";
const CLOSERS = "”’」』）)";

/**
 * The sentences of an answer with the markers written after them, and its line breaks, in order:
 * joined they give the answer back. Scanned by hand, in one pass (no pattern to backtrack).
 */
export function answerPieces(answer: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let i = 0;
  const cut = (end: number) => {
    if (end > start) pieces.push(answer.slice(start, end));
    start = end;
  };
  while (i < answer.length) {
    const char = answer.charAt(i);
    if (char === "\n") {
      cut(i);
      while (i < answer.length && answer[i] === "\n") i++;
      cut(i);
      continue;
    }
    i++;
    if (!ENDS.includes(char)) continue;
    while (i < answer.length && (ENDS.includes(answer.charAt(i)) || CLOSERS.includes(answer.charAt(i)))) i++;
    // Markers written after the full stop belong to this sentence: "…。[1][2]".
    i += leadingCitationMarkers(answer.slice(i, i + 200)).length;
    cut(i);
  }
  cut(answer.length);
  return pieces;
}

/** `words` cited with `numbers`, the markers before the sentence's final punctuation: "…901个[1]。" */
function cite(words: string, numbers: number[]): string {
  const body = words.trimEnd();
  const core = trimEndOf(trimEndOf(body, CLOSERS), `${ENDS}；;`);
  return `${core}${formatCitationMarkers(numbers)}${body.slice(core.length)}`;
}

/** Check every sentence of `answer` against `passages` (n → text); re-cite or drop as above. */
export function checkSupport(answer: string, passages: Map<number, string>, segmenter: Segmenter): SupportResult {
  const passageTokens = new Map([...passages].map(([n, text]) => [n, new Set(segmenter.tokens(text))]));
  const dropped: string[] = [];
  const kept: string[] = [];
  for (const piece of answerPieces(answer)) {
    const words = stripCitationMarkers(piece);
    if (piece.trim() === "" || words.replace(/[\s\-*•:：]/g, "").length < 4) {
      kept.push(piece);
      continue;
    }
    const cited = parseCitationMarkers(piece);
    const tokens = new Set(segmenter.tokens(words));
    const score = (n: number) => overlap(tokens, passageTokens.get(n) ?? new Set());
    const own = cited.filter((n) => score(n) >= SUPPORT_THRESHOLD);
    const best = [...passageTokens.keys()].sort((left, right) => score(right) - score(left))[0];
    // A passage that holds the sentence clearly better than the cited one takes the citation.
    const better =
      best !== undefined && !cited.includes(best) && score(best) - Math.max(0, ...own.map(score)) >= CLEARLY_BETTER;
    if (own.length > 0 && !better) {
      kept.push(own.length === cited.length ? piece : cite(words, own));
      continue;
    }
    if (cited.length === 0 && ABSENCE.test(words)) {
      kept.push(piece);
      continue;
    }
    if (best !== undefined && score(best) >= SUPPORT_THRESHOLD) kept.push(cite(words, [best]));
    else dropped.push(words.trim());
  }
  return {
    text: kept
      .join("")
      .replace(/\n{3,}/g, "\n\n")
      .trim(),
    dropped,
  };
}
