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

/** Whether a word's segments hold `document`. */
export function segmentsHold(segments: readonly PostingList[], document: number): boolean {
  for (const { documents } of segments) {
    const position = seek(documents, document, 0);
    if (position < documents.length && documents[position] === document) return true;
  }
  return false;
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
