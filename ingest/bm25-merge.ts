// BM25 tables of consecutive runs of documents, built apart (one per ingest worker), joined into
// the tables one build over all the documents gives: words in the order first seen, each word's
// postings in document order. The join is exact, so a parallel ingest searches as a serial one.
import type { Bm25Tables } from "./bm25.js";

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
      const length = part.termStarts[i + 1]! - part.termStarts[i]!;
      const id = termIds.get(term);
      if (id === undefined) {
        termIds.set(term, sizes.length);
        sizes.push(length);
      } else sizes[id]! += length;
    });
  }
  const termStarts = Uint32Array.from(runningTotals(sizes));
  const documents = new Int32Array(termStarts[sizes.length]!);
  const frequencies = new Uint32Array(documents.length);
  const filled = termStarts.slice(0, sizes.length);
  parts.forEach((part, p) => {
    part.terms.forEach((term, i) => {
      const id = termIds.get(term)!;
      const [start, end] = [part.termStarts[i]!, part.termStarts[i + 1]!];
      for (let j = start; j < end; j++) documents[filled[id]! + j - start] = part.documents[j]! + offsets[p]!;
      frequencies.set(part.frequencies.subarray(start, end), filled[id]!);
      filled[id]! += end - start;
    });
  });
  const documentLengths = new Uint32Array(offsets[parts.length]!);
  parts.forEach((part, p) => documentLengths.set(part.documentLengths, offsets[p]!));
  return { k1: first.k1, b: first.b, documentLengths, terms: [...termIds.keys()], termStarts, documents, frequencies };
}

/** [0, a, a + b, …] */
function runningTotals(values: readonly number[]): number[] {
  const totals = [0];
  for (const value of values) totals.push(totals[totals.length - 1]! + value);
  return totals;
}
