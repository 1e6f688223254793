// Sentence-aware chunking. A chunk is a run of whole sentences of one article
// (never two), at most `maxChars` long, overlapping the previous chunk by its
// last `overlapSentences` sentences so a fact that straddles a boundary is
// still found whole. Offsets point into the cleaned article text, so a
// citation can quote the exact span.
import type { Article } from "./articles.js";
import { sentenceSpans, type Span } from "./text.js";
import { itemAt } from "./indexed.js";

export interface Chunk {
  chunkId: string;
  docId: string;
  /** Position of the chunk in its article, from 0. */
  index: number;
  start: number;
  end: number;
  text: string;
}

export interface ChunkOptions {
  maxChars: number;
  overlapSentences: number;
}

// Chosen with `npm run sweep` (eval/retrieval-sweep.ts); see README "Chunking".
export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxChars: 200, overlapSentences: 1 };

export function chunkArticle(article: Article, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Chunk[] {
  const sentences = sentenceSpans(article.text).flatMap((span) =>
    splitLongSentence(article.text, span, options.maxChars),
  );
  const chunks: Chunk[] = [];
  let first = 0;
  while (first < sentences.length) {
    let last = first;
    while (
      last + 1 < sentences.length &&
      itemAt(sentences, last + 1).end - itemAt(sentences, first).start <= options.maxChars
    )
      last++;
    const start = itemAt(sentences, first).start;
    const end = itemAt(sentences, last).end;
    chunks.push({
      chunkId: `${article.docId}-c${String(chunks.length).padStart(3, "0")}`,
      docId: article.docId,
      index: chunks.length,
      start,
      end,
      text: article.text.slice(start, end),
    });
    if (last + 1 >= sentences.length) break;
    // Step back for the overlap, but only when the next chunk can still take a new
    // sentence beside it; a chunk of nothing but old sentences would add nothing.
    const next = last + 1;
    const withOverlap = Math.max(first + 1, next - options.overlapSentences);
    first = itemAt(sentences, next).end - itemAt(sentences, withOverlap).start <= options.maxChars ? withOverlap : next;
  }
  return chunks;
}

/** Split a sentence longer than `maxChars` at clause marks (，、：) so no chunk overflows. */
function splitLongSentence(text: string, span: Span, maxChars: number): Span[] {
  if (span.end - span.start <= maxChars) return [span];
  const pieces: Span[] = [];
  let start = span.start;
  while (span.end - start > maxChars) {
    const window = text.slice(start, start + maxChars);
    const cut = Math.max(
      window.lastIndexOf("，"),
      window.lastIndexOf(","),
      window.lastIndexOf("、"),
      window.lastIndexOf("："),
    );
    const end = cut > maxChars / 3 ? start + cut + 1 : start + maxChars;
    pieces.push({ start, end });
    start = end;
  }
  pieces.push({ start, end: span.end });
  return pieces;
}
