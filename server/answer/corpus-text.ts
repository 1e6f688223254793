// "Does the corpus hold this string anywhere?" for the question words the BM25 vocabulary lacks
// (terms.ts). Scanning every article for each such word cost 30–80 ms per answer at 1000× the
// seeds (and the whole corpus as one string, 600 MB at 10,000×). Most of those words are not in
// the corpus at all, and a missing pair of neighbouring characters proves it: a bitmap of every
// adjacent pair of code units in the titles and texts answers that at once, and only a word
// whose pairs are all present is looked for in the articles. The answer is the scan's, exactly.
//
// A corpus change makes a new article list (and a new answerer) holding the same article objects
// for every page it did not touch: when the new list holds every article the last bitmap marked,
// the bitmap is carried over and only the added articles are marked (reading the whole corpus
// again took 0.3–0.4 s at 1000× at each upload); after a removal it is built afresh. An older
// answerer sharing the bitmap then sees pairs of newer articles: a pair only sends a word on to
// the scan of its own articles, so that stays exact; the single characters, which decide alone,
// are copied (8 KB) for each list.
import type { Article } from "../../ingest/articles.js";

/** What questionTerms needs of the corpus text (a string also is one). */
export interface TextSearch {
  includes(word: string): boolean;
}

const PAIR_BITS = 24;

type ArticleText = Pick<Article, "title" | "text">;

/** Adjacent pairs and single code units of every article marked so far, and which those were. */
class PairBitmap {
  readonly pairs = new Uint32Array(1 << (PAIR_BITS - 5));
  readonly singles = new Uint32Array(1 << 11);
  private readonly marked = new WeakSet<ArticleText>();
  private count = 0;

  /** Whether `articles` holds every article marked so far (none of them was removed). */
  holdsAllMarked(articles: readonly ArticleText[]): boolean {
    let held = 0;
    for (const article of articles) if (this.marked.has(article)) held++;
    return held === this.count;
  }

  add(article: ArticleText): void {
    if (this.marked.has(article)) return;
    this.marked.add(article);
    this.count++;
    const { title, text } = article;
    this.addPairs(title);
    this.addPairs(text);
    if (title.length > 0 && text.length > 0)
      mark(this.pairs, pairKey(title.charCodeAt(title.length - 1), text.charCodeAt(0)));
  }

  private addPairs(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      mark(this.singles, code);
      if (i + 1 < text.length) mark(this.pairs, pairKey(code, text.charCodeAt(i + 1)));
    }
  }
}

/** The bitmap that marked an article list's first article: the lists after a change start with it too. */
const bitmapOfFirst = new WeakMap<ArticleText, PairBitmap>();

export class CorpusText implements TextSearch {
  private readonly pairs: Uint32Array;
  private readonly singles: Uint32Array;

  constructor(private readonly articles: readonly ArticleText[]) {
    const first = articles[0];
    const carried = first && bitmapOfFirst.get(first);
    const bitmap = carried && carried.holdsAllMarked(articles) ? carried : new PairBitmap();
    for (const article of articles) bitmap.add(article);
    if (first) bitmapOfFirst.set(first, bitmap);
    this.pairs = bitmap.pairs;
    this.singles = bitmap.singles.slice();
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
}

// Keys are masked to the bitmap's size, so the word always exists; this runs once per character of the
// corpus at start-up, where a bounds check per character would cost more than the assertion says.
function mark(bits: Uint32Array, key: number): void {
  bits[key >>> 5]! |= 1 << (key & 31);
}

/** A PAIR_BITS-bit hash of two code units (collisions only send a word on to the scan). */
const pairKey = (first: number, second: number): number =>
  Math.imul(Math.imul(first, 0x9e3779b1) ^ second, 0x85ebca6b) >>> (32 - PAIR_BITS);

const has = (bits: Uint32Array, key: number): boolean => (bits[key >>> 5]! & (1 << (key & 31))) !== 0;
