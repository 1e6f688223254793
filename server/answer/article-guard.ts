// Which articles speak of which things, for the verify stage (verify.ts): an article speaks of what its
// own words name (aliases folded), and of a province through its page when it names none (places.ts);
// and which nouns of a question none of the nearest articles mentions.
import type { Article } from "../../ingest/article.js";
import { BoundedMemo } from "../../ingest/bounded-memo.js";
import { lexicons } from "../../ingest/lexicons/index.js";
import type { Segmenter } from "../../ingest/segment.js";
import type { SearchIndex } from "../retrieval/retriever.js";
import { placesOf } from "../retrieval/scope.js";
import { foldAliases, foldAliasesUncached } from "./entities.js";
import type { ArticlePlaces } from "./places.js";
import { contentText } from "./terms.js";
import type { SubQuery } from "./types.js";
import { isMiscut } from "./verify-rules.js";

// "各有", "都有": words made of function characters are never what a source lacks.
const FUNCTION_START = /^[各每有是在的了都也就还又再该其这那]/;
// The folded text of the articles last asked about (an answer asks about a dozen, once per entity).
const ownWords = new BoundedMemo<Article, string>(256);

/** Which articles speak of which things: their own words, and for places the page's (places.ts). */
export class ArticleGuard {
  private readonly places: ArticlePlaces;

  constructor(private readonly index: SearchIndex) {
    this.places = placesOf(index.articles);
  }

  mentions(article: Article, entity: string, alternatives: string[] = []): boolean {
    if (alternatives.some((alternative) => this.mentions(article, alternative))) return true;
    if (ownWords.get(article, () => articleWords(article)).includes(foldAliases(entity))) return true;
    return this.places.speaksOfThroughPage(article, entity);
  }

  mentionsAll(article: Article, entities: string[], alternatives: Map<string, string[]> = new Map()): boolean {
    return entities.every((entity) => this.mentions(article, entity, alternatives.get(entity)));
  }

  /** Those of `words` some article of the corpus holds (as BM25 counts words). */
  inCorpus(words: string[]): string[] {
    return words.filter((word) => this.index.bm25.documentFrequency(word) > 0);
  }

  /** Nouns of the question (things, names, times) that none of the articles mentions. */
  missingTerms(query: SubQuery, articles: Article[], alternatives: Map<string, string[]>): string[] {
    const text = foldAliases(
      articles.map((article) => `${article.title}${article.text}${article.authorNote ?? ""}`).join(""),
    );
    const segmenter: Segmenter = this.index.segmenter;
    const nouns = segmenter
      .tag(contentText(query.text).replace(/[?？!！。，,]/g, " "))
      .filter(
        ({ word, tag }) =>
          word.length >= 2 &&
          !/^\d/.test(word) &&
          // jieba tags set phrases l (年度预算) and abbreviations j (联盟): nouns too.
          (/^(n|vn|t|eng|j|l)/.test(tag) ||
            (/^[\u4e00-\u9fff]+$/.test(word) &&
              /^(v|a|x)/.test(tag) &&
              this.index.bm25.documentFrequency(word) === 0 &&
              !/^[是在从对把被要会能可将]/.test(word))),
      )
      .map(({ word }) => word);
    // "哪个单位", "哪些形式": the kind of thing asked for is not something the source must name.
    const asked = new Set(
      [...query.text.matchAll(/(?:哪个|哪些|哪几个|哪几|哪家|什么)([\u4e00-\u9fff]{2})/g)].map(
        (match) => match[1] ?? "",
      ),
    );
    return [...new Set(nouns)].filter((word) => {
      if (text.includes(foldAliases(word)) || FUNCTION_START.test(word) || asked.has(word)) return false;
      if (lexicons().quantityNouns.has(word) || isMiscut(word, query.text, text)) return false;
      if ((alternatives.get(word) ?? []).some((alternative) => text.includes(alternative))) return false;
      const entity = query.slots.entities.find((name) => name === word || name === word.replace(/省$/, ""));
      return !(entity && articles.some((article) => this.mentions(article, entity)));
    });
  }
}

function articleWords(article: Article): string {
  const { title, deck, text } = article;
  const byLine = `${article.author ?? ""}${article.authorNote ?? ""}`;
  return foldAliasesUncached(`${title}${article.section ?? ""}${deck.join("")}${text}${byLine}`);
}
