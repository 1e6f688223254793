// Documents removed from a BM25 index whose postings are still in its lists (bm25.ts withChanges):
// which ones, and how many of each word's postings they hold, so searches pass over them and
// document frequencies count only the searchable ones. Lucene keeps deleted documents the same way
// (live-docs bits, document frequencies fixed at the next merge); here the next full build drops them.

/** A removed document: its index and its words (as bm25.ts Bm25Document). */
interface RemovedDocument {
  index: number;
  tokens: readonly string[];
}

export class Removals {
  private constructor(
    /** removed[document] === 1: removed (documents past its end are not). */
    private readonly removed: Uint8Array,
    /** Removed postings by word. */
    private readonly inWord: ReadonlyMap<string, number>,
    private readonly count: number,
  ) {}

  static none(): Removals {
    return new Removals(new Uint8Array(0), new Map(), 0);
  }

  has(document: number): boolean {
    return this.removed[document] === 1;
  }

  any(): boolean {
    return this.count > 0;
  }

  /** Removed documents among the word's postings. */
  removedIn(word: string): number {
    return this.inWord.get(word) ?? 0;
  }

  /** `accepts` (every document when not given) without the removed documents; undefined when it has none. */
  live(accepts?: (document: number) => boolean): ((document: number) => boolean) | undefined {
    if (this.count === 0) return accepts;
    const { removed } = this;
    return accepts ? (document) => removed[document] !== 1 && accepts(document) : (document) => removed[document] !== 1;
  }

  /**
   * These and `documents` (searchable until now) removed, and `withoutPostings` (documents added and
   * removed in one change, never in a list). `holds(word, document)`: whether the word's postings hold
   * the document, so a word the tokens name but the lists lack is not counted down.
   */
  with(
    documents: readonly RemovedDocument[],
    withoutPostings: ReadonlySet<number>,
    holds: (word: string, document: number) => boolean,
  ): Removals {
    if (documents.length === 0 && withoutPostings.size === 0) return this;
    let end = this.removed.length;
    for (const { index } of documents) end = Math.max(end, index + 1);
    for (const index of withoutPostings) end = Math.max(end, index + 1);
    const removed = new Uint8Array(end);
    removed.set(this.removed);
    const inWord = new Map(this.inWord);
    for (const { index, tokens } of documents) {
      removed[index] = 1;
      for (const word of new Set(tokens)) if (holds(word, index)) inWord.set(word, (inWord.get(word) ?? 0) + 1);
    }
    for (const index of withoutPostings) removed[index] = 1;
    return new Removals(removed, inWord, this.count + documents.length + withoutPostings.size);
  }
}

export const NO_REMOVALS = Removals.none();
