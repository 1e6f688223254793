// A snapshot's articles by docId. Each upload or deletion makes a new snapshot; copying a Map of
// every article for each (355,264 of them at 10,000× the seeds) took 100–300 ms per change. A
// snapshot's lookup is instead a base map shared with the snapshots before it and its own small
// changes (articles added, docIds removed), folded into a new base once they grow past an eighth
// of it, so a change copies in proportion to the pages changed since the last fold.
import type { Article } from "./articles.js";

/** What answering reads of the articles by docId. */
export interface ArticleLookup {
  get(docId: string): Article | undefined;
  has(docId: string): boolean;
}

/** Changes kept beside the base before they are folded in: at least this many, or an eighth of the base. */
const MIN_FOLD = 1024;

export class LayeredArticles implements ArticleLookup {
  private constructor(
    private readonly base: ReadonlyMap<string, Article>,
    private readonly added: ReadonlyMap<string, Article>,
    private readonly removed: ReadonlySet<string>,
  ) {}

  static of(articles: Iterable<Article>): LayeredArticles {
    return new LayeredArticles(new Map([...articles].map((article) => [article.docId, article])), new Map(), new Set());
  }

  get(docId: string): Article | undefined {
    if (this.removed.has(docId)) return undefined;
    return this.added.get(docId) ?? this.base.get(docId);
  }

  has(docId: string): boolean {
    return this.get(docId) !== undefined;
  }

  /** The lookup of the next snapshot: `articles` is its whole list, `added` and `removed` what changed. */
  changed(articles: readonly Article[], added: readonly Article[], removed: readonly string[]): LayeredArticles {
    if (this.added.size + this.removed.size + added.length + removed.length > Math.max(MIN_FOLD, this.base.size / 8))
      return LayeredArticles.of(articles);
    const nextAdded = new Map(this.added);
    const nextRemoved = new Set(this.removed);
    for (const docId of removed) {
      nextAdded.delete(docId);
      if (this.base.has(docId)) nextRemoved.add(docId);
    }
    for (const article of added) {
      nextAdded.set(article.docId, article);
      nextRemoved.delete(article.docId);
    }
    return new LayeredArticles(this.base, nextAdded, nextRemoved);
  }
}
