// Which provinces an article speaks of, read once per article list (retrieval/scope.ts placesOf): the
// one place that decides it. An article that names no province speaks of its page's ("我省" on a 甘肃
// page): the answerer's entity guard (verify.ts), a province scope and the briefings all judge it so,
// and the figures table names a figure's province from here. Re-reading every article of the page for
// each article made one briefing on a 30 MB page take 137 s (issue 14). Lookups here are O(1).
import type { Article } from "../../ingest/article.js";
import { provincesIn } from "./entities.js";

/** What an article list's places are read into. */
interface PlaceTables {
  /** docId → the provinces the article names, the most often named first. */
  own: Map<string, string[]>;
  /** source → every province named on the page. */
  page: Map<string, Set<string>>;
  /** source → the main province of the page's first article that names one. */
  pageMain: Map<string, string>;
}

const emptyTables = (): PlaceTables => ({ own: new Map(), page: new Map(), pageMain: new Map() });

/** Added articles kept beside the shared tables before they are read into fresh ones (as LayeredArticles folds). */
const MIN_FOLD = 1024;

export class ArticlePlaces {
  /**
   * `base`: the tables of a list, shared by the lists that extend it; `added`: this list's articles
   * after those (small, copied per extension). Lookups read `added` first.
   */
  private constructor(
    private readonly base: PlaceTables,
    private readonly baseSize: number,
    private readonly added: PlaceTables,
    private readonly addedSize: number,
  ) {}

  /** The places of an article list. */
  static of(articles: Iterable<Article>): ArticlePlaces {
    const base = emptyTables();
    let size = 0;
    for (const article of articles) {
      readInto(base, base, article);
      size++;
    }
    return new ArticlePlaces(base, size, emptyTables(), 0);
  }

  /**
   * The places of this list with `articles` appended (an upload's new list holds the same objects and
   * the new ones after them): reads only those, where the whole list took ~0.4 s per upload at
   * 10,000× the seeds. Past an eighth of the shared tables the list is read afresh (`all`: the whole list).
   */
  extendedWith(articles: readonly Article[], all: Iterable<Article>): ArticlePlaces {
    if (this.addedSize + articles.length > Math.max(MIN_FOLD, this.baseSize / 8)) return ArticlePlaces.of(all);
    const added: PlaceTables = {
      own: new Map(this.added.own),
      page: new Map([...this.added.page].map(([source, names]) => [source, new Set(names)])),
      pageMain: new Map(this.added.pageMain),
    };
    for (const article of articles) readInto(added, this.base, article);
    return new ArticlePlaces(this.base, this.baseSize, added, this.addedSize + articles.length);
  }

  private ownOf(docId: string): string[] | undefined {
    return this.added.own.get(docId) ?? this.base.own.get(docId);
  }

  private pageOf(source: string): Set<string> | undefined {
    return this.added.page.get(source) ?? this.base.page.get(source);
  }

  /**
   * Whether an article naming no province itself speaks of `province` through its page. Asked about an
   * entity the article's own words do not hold (verify.ts): its own provinces have been read already.
   */
  speaksOfThroughPage(article: Article, province: string): boolean {
    const own = this.ownOf(article.docId);
    return own !== undefined && own.length === 0 && (this.pageOf(article.source)?.has(province) ?? false);
  }

  /** The provinces an article speaks of: its own, else its page's. */
  provincesOf(article: Article): Set<string> {
    const own = this.ownOf(article.docId) ?? [];
    return own.length > 0 ? new Set(own) : (this.pageOf(article.source) ?? new Set());
  }

  /**
   * The text an article is judged by: its own, plus the provinces named
   * elsewhere on its page when it names none itself.
   */
  context(article: Article): string {
    const own = `${article.title}\n${article.text}`;
    if ((this.ownOf(article.docId) ?? []).length > 0) return own;
    return `${own}\n${[...(this.pageOf(article.source) ?? [])].join(" ")}`;
  }

  /** The province an article is about: the one it names most, else its page's. */
  mainProvince(docId: string, source: string): string | undefined {
    return this.ownOf(docId)?.[0] ?? this.added.pageMain.get(source) ?? this.base.pageMain.get(source);
  }
}

/** Reads an article into `into`; a page `into` does not hold yet starts from what `shared` holds of it. */
function readInto(into: PlaceTables, shared: PlaceTables, article: Article): void {
  const { own, body } = mentionsOf(article);
  into.own.set(article.docId, own);
  let page = into.page.get(article.source);
  if (!page) into.page.set(article.source, (page = new Set(shared.page.get(article.source))));
  for (const name of body) page.add(name);
  if (body[0] && !into.pageMain.has(article.source) && !shared.pageMain.has(article.source))
    into.pageMain.set(article.source, body[0]);
}

// An article's provinces, read once per article object: a change to the corpus makes a new article
// list (and new ArticlePlaces) holding the same objects for every article it did not touch, so only
// the added ones are read (1000× the seeds: 1.3 s for the whole corpus at each upload before).
const mentionsRead = new WeakMap<Article, { own: string[]; body: string[] }>();

function mentionsOf(article: Article): { own: string[]; body: string[] } {
  let mentions = mentionsRead.get(article);
  if (!mentions) {
    // The page is read from the articles' bodies, as a reader of the page would.
    mentions = { own: byMentions(`${article.title}\n${article.text}`), body: byMentions(article.text) };
    mentionsRead.set(article, mentions);
  }
  return mentions;
}

/** The provinces `text` names, the most often named first (ties in order of appearance). */
function byMentions(text: string): string[] {
  const counts = [...provincesIn(text)].map((name) => [name, text.split(name).length] as const);
  return counts.sort((a, b) => b[1] - a[1]).map(([name]) => name);
}
