// Where the gold answer of an eval question sits in a ranked list of chunks: shared by the
// retrieval sweep and the fusion-recall bench, so both count a hit the same way.
import type { SearchIndex } from "../../ingest/search-index.js";
import type { EvalQuestion } from "./questions.js";
import { itemAt } from "../../ingest/indexed.js";

/** Rank (from 1, 0 = missing) of the gold article among the distinct articles of the ranked chunks. */
export function articleRank(question: EvalQuestion, chunkIndexes: number[], index: SearchIndex): number {
  return (
    [...new Set(chunkIndexes.map((chunkIndex) => itemAt(index.chunks, chunkIndex).docId))].indexOf(question.docId!) + 1
  );
}

/** Rank (from 1, 0 = missing) of the first chunk that holds the gold quote. */
export function passageRank(question: EvalQuestion, chunkIndexes: number[], index: SearchIndex): number {
  const article = index.articleById.get(question.docId!);
  const start = article?.text.indexOf(question.quote!) ?? -1;
  if (start < 0) return 0;
  const end = start + question.quote!.length;
  // The chunk must hold the quote, or (for a quote longer than a chunk) most of the chunk is quote.
  const holds = (chunkIndex: number) => {
    const chunk = itemAt(index.chunks, chunkIndex);
    const overlap = Math.min(end, chunk.end) - Math.max(start, chunk.start);
    return chunk.docId === question.docId && overlap >= Math.min(end - start, chunk.end - chunk.start) * 0.8;
  };
  return chunkIndexes.findIndex(holds) + 1;
}
