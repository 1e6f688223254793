// BM25 tables of consecutive runs of documents, built apart (one per ingest worker), joined into
// the tables one build over all the documents gives: words in the order first seen, each word's
// postings in document order. The join is exact, so a parallel ingest searches as a serial one.
import type { Bm25Tables } from "./bm25.js";
import { itemAt, lastItem, mustGet, uint32At } from "./indexed.js";

/** `parts` in document order; each part's documents are numbered from 0. */
export function mergeBm25Tables(parts: readonly Bm25Tables[]): Bm25Tables {
  const first = parts[0];
  if (!first) throw new Error("no BM25 tables to merge");
  if (parts.some((part) => part.liveDocuments !== undefined || part.k1 !== first.k1 || part.b !== first.b))
    throw new Error("BM25 tables merge only fresh builds with the same parameters");
  const offsets = runningTotals(parts.map((part) => part.documentLengths.length));
  const termIds = new Map<string, number>();
  const sizes: number[] = [];
  for (const part of parts) {
    part.terms.forEach((term, i) => {
      const length = uint32At(part.termStarts, i + 1) - uint32At(part.termStarts, i);
      const id = termIds.get(term);
      if (id === undefined) {
        termIds.set(term, sizes.length);
        sizes.push(length);
      } else sizes[id] = itemAt(sizes, id) + length;
    });
  }
  const termStarts = Uint32Array.from(runningTotals(sizes));
  const documents = new Int32Array(lastItem(termStarts));
  const frequencies = new Uint32Array(documents.length);
  const filled = termStarts.slice(0, sizes.length);
  parts.forEach((part, p) => {
    const offset = itemAt(offsets, p);
    part.terms.forEach((term, i) => {
      const id = mustGet(termIds, term, "merged BM25 words");
      const [start, end] = [uint32At(part.termStarts, i), uint32At(part.termStarts, i + 1)];
      const into = uint32At(filled, id);
      part.documents.subarray(start, end).forEach((document, j) => (documents[into + j] = document + offset));
      frequencies.set(part.frequencies.subarray(start, end), into);
      filled[id] = into + end - start;
    });
  });
  const documentLengths = new Uint32Array(lastItem(offsets));
  parts.forEach((part, p) => documentLengths.set(part.documentLengths, itemAt(offsets, p)));
  return { k1: first.k1, b: first.b, documentLengths, terms: [...termIds.keys()], termStarts, documents, frequencies };
}

/** [0, a, a + b, …] */
function runningTotals(values: readonly number[]): number[] {
  let total = 0;
  return [0, ...values.map((value) => (total += value))];
}
