// "Does the corpus hold this string anywhere?" for the question words the BM25 vocabulary lacks
// (terms.ts). Scanning every article for each such word cost 30–80 ms per answer at 1000× the
// seeds (and the whole corpus as one string, 600 MB at 10,000×). Most of those words are not in
// the corpus at all, and a missing pair of neighbouring characters proves it: a bitmap of every
// adjacent pair of code units in the titles and texts answers that at once, and only a word
// whose pairs are all present is looked for in the articles. The answer is the scan's, exactly.
import type { Article } from "../../ingest/articles.js";

/** What questionTerms needs of the corpus text (a string also is one). */
export interface TextSearch {
  includes(word: string): boolean;
}

const PAIR_BITS = 24;

export class CorpusText implements TextSearch {
  private readonly pairs = new Uint32Array(1 << (PAIR_BITS - 5));
  private readonly singles = new Uint32Array(1 << 11);

  constructor(private readonly articles: readonly Pick<Article, "title" | "text">[]) {
    for (const { title, text } of articles) {
      this.addPairs(title);
      this.addPairs(text);
      if (title.length > 0 && text.length > 0)
        this.mark(this.pairs, pairKey(title.charCodeAt(title.length - 1), text.charCodeAt(0)));
    }
  }

  /** As `${title}${text}`.includes(word) over every article. */
  includes(word: string): boolean {
    if (word.length === 0) return true;
    if (word.length === 1) return has(this.singles, word.charCodeAt(0));
    for (let i = 0; i + 1 < word.length; i++)
      if (!has(this.pairs, pairKey(word.charCodeAt(i), word.charCodeAt(i + 1)))) return false;
    const edge = word.length - 1;
    return this.articles.some(
      ({ title, text }) =>
        title.includes(word) || text.includes(word) || (title.slice(-edge) + text.slice(0, edge)).includes(word),
    );
  }

  private addPairs(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      this.mark(this.singles, code);
      if (i + 1 < text.length) this.mark(this.pairs, pairKey(code, text.charCodeAt(i + 1)));
    }
  }

  // Keys are masked to the bitmap's size, so the word always exists; this runs once per character of the
  // corpus at start-up, where a bounds check per character would cost more than the assertion says.
  private mark(bits: Uint32Array, key: number): void {
    bits[key >>> 5]! |= 1 << (key & 31);
  }
}

/** A PAIR_BITS-bit hash of two code units (collisions only send a word on to the scan). */
const pairKey = (first: number, second: number): number =>
  Math.imul(Math.imul(first, 0x9e3779b1) ^ second, 0x85ebca6b) >>> (32 - PAIR_BITS);

const has = (bits: Uint32Array, key: number): boolean => (bits[key >>> 5]! & (1 << (key & 31))) !== 0;
