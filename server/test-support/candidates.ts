// A briefing candidate for unit tests: one sentence as a whole article.
import type { KeyPointCandidate } from "../briefing/candidates.js";

export function candidateFor(text: string, docId = "page-a01"): KeyPointCandidate {
  const article = {
    docId,
    sourceId: "page",
    sourceName: "page.txt",
    source: "seeds/page.txt",
    title: "标题",
    deck: [],
    text,
    paragraphs: [{ kind: "body" as const, start: 0, end: text.length }],
  };
  return { article, start: 0, end: text.length, text, coverage: 1, retrieval: 1, hasFigure: true, score: 1 };
}
