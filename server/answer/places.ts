// Which provinces an article speaks of, read once per article list (retrieval/scope.ts placesOf): the
// one place that decides it. An article that names no province speaks of its page's ("我省" on a 甘肃
// page): the answerer's entity guard (verify.ts), a province scope and the briefings all judge it so,
// and the figures table names a figure's province from here. Re-reading every article of the page for
// each article made one briefing on a 30 MB page take 137 s (issue 14). Lookups here are O(1).
import type { Article } from "../../ingest/article.js";
import { provincesIn } from "./entities.js";

export class ArticlePlaces {
  /** docId → the provinces the article names, the most often named first. */
  private readonly own = new Map<string, string[]>();
  /** source → every province named on the page. */
  private readonly page = new Map<string, Set<string>>();
  /** source → the main province of the page's first article that names one. */
  private readonly pageMain = new Map<string, string>();

  constructor(articles: Iterable<Article>) {
    for (const article of articles) this.add(article);
  }

  private add(article: Article): void {
    const { own, body } = mentionsOf(article);
    this.own.set(article.docId, own);
    const page = this.page.get(article.source) ?? new Set<string>();
    for (const name of body) page.add(name);
    this.page.set(article.source, page);
    if (body[0] && !this.pageMain.has(article.source)) this.pageMain.set(article.source, body[0]);
  }

  /**
   * Whether an article naming no province itself speaks of `province` through its page. Asked about an
   * entity the article's own words do not hold (verify.ts): its own provinces have been read already.
   */
  speaksOfThroughPage(article: Article, province: string): boolean {
    const own = this.own.get(article.docId);
    return own !== undefined && own.length === 0 && (this.page.get(article.source)?.has(province) ?? false);
  }

  /** The provinces an article speaks of: its own, else its page's. */
  provincesOf(article: Article): Set<string> {
    const own = this.own.get(article.docId) ?? [];
    return own.length > 0 ? new Set(own) : (this.page.get(article.source) ?? new Set());
  }

  /**
   * The text an article is judged by: its own, plus the provinces named
   * elsewhere on its page when it names none itself.
   */
  context(article: Article): string {
    const own = `${article.title}\n${article.text}`;
    if ((this.own.get(article.docId) ?? []).length > 0) return own;
    return `${own}\n${[...(this.page.get(article.source) ?? [])].join(" ")}`;
  }

  /** The province an article is about: the one it names most, else its page's. */
  mainProvince(docId: string, source: string): string | undefined {
    return this.own.get(docId)?.[0] ?? this.pageMain.get(source);
  }
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
