// A word's postings after uploads: segments, each ascending, each later one's documents after the
// earlier ones' (new chunks take the next indexes). An upload appends a small segment instead of
// copying the word's whole list: at 10,000× the seeds a page's common words hold a million postings
// each, and copying them was most of the 4.5–7 s an upload took. Segments are merged while the newest
// is at least half the size of the one before it (as a log-structured merge does), so a word keeps
// O(log n) segments and each posting is copied O(log n) times over any number of uploads.

import { seek } from "./bm25-maxscore.js";
import { itemAt } from "./indexed.js";

/** One word's postings: ascending documents and the word's count in each. */
export interface PostingList {
  documents: Int32Array;
  frequencies: Uint32Array;
}

/** Postings in all of a word's segments: its document frequency. */
export function postingCount(segments: readonly PostingList[]): number {
  let count = 0;
  for (const { documents } of segments) count += documents.length;
  return count;
}

/** `segments` followed by `tail` (documents after theirs), merged as the top of this file says. */
export function appended(segments: readonly PostingList[], tail: PostingList): PostingList[] {
  const out = [...segments, tail];
  while (
    out.length > 1 &&
    itemAt(out, out.length - 1).documents.length * 2 >= itemAt(out, out.length - 2).documents.length
  ) {
    const last = out.pop()!;
    const before = out.pop()!;
    out.push({
      documents: concatenated(before.documents, last.documents),
      frequencies: concatenated(before.frequencies, last.frequencies),
    });
  }
  return out;
}

function concatenated<T extends Int32Array | Uint32Array>(first: T, second: T): T {
  const out = new (first.constructor as new (length: number) => T)(first.length + second.length);
  out.set(first);
  out.set(second, first.length);
  return out;
}

/** The segments without the postings of `gone` (ascending); a segment holding none of them is kept as it is. */
export function withoutDocuments(segments: readonly PostingList[], gone: number[]): PostingList[] {
  return segments.map((segment) => segmentWithout(segment, gone)).filter(({ documents }) => documents.length > 0);
}

/** `list` without the postings of `gone` (ascending), copied in the runs between them. */
function segmentWithout(list: PostingList, gone: number[]): PostingList {
  const { documents, frequencies } = list;
  const positions: number[] = [];
  let from = 0;
  for (const document of gone) {
    from = seek(documents, document, from);
    if (from >= documents.length) break;
    if (documents[from] === document) positions.push(from);
  }
  if (positions.length === 0) return list;
  const keptDocuments = new Int32Array(documents.length - positions.length);
  const keptFrequencies = new Uint32Array(keptDocuments.length);
  let start = 0;
  let filled = 0;
  for (const position of [...positions, documents.length]) {
    keptDocuments.set(documents.subarray(start, position), filled);
    keptFrequencies.set(frequencies.subarray(start, position), filled);
    filled += position - start;
    start = position + 1;
  }
  return { documents: keptDocuments, frequencies: keptFrequencies };
}

/** Whether a word's segments hold each of a series of ascending documents, probed from where the last probe ended. */
export class SegmentCursor {
  private segment = 0;
  private position = 0;

  constructor(private readonly segments: readonly PostingList[]) {}

  holds(document: number): boolean {
    while (this.segment < this.segments.length) {
      const { documents } = itemAt(this.segments, this.segment);
      this.position = seek(documents, document, this.position);
      if (this.position < documents.length) return documents[this.position] === document;
      this.segment++;
      this.position = 0;
    }
    return false;
  }
}
