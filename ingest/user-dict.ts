// The jieba user dictionary for a corpus: curated domain words
// (ingest/lexicons/domain-terms.txt) plus words harvested from the corpus itself:
// short quoted terms (“红链先锋”, “双带五引”) and the names on by-lines.
// It is saved with the index, so questions are cut the same way as passages.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Article } from "./articles.js";
import { itemAt } from "./indexed.js";

const DOMAIN_TERMS_FILE = fileURLToPath(new URL("./lexicons/domain-terms.txt", import.meta.url));
// High enough that jieba prefers the whole word over its parts.
const USER_WORD_FREQUENCY = 2000;
const QUOTED_TERM = /[“「『]([\u4e00-\u9fff]{2,6})[”」』]/g;

export function readDomainTerms(file = DOMAIN_TERMS_FILE): Array<{ word: string; tag: string }> {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [word, tag = "nz"] = line.split(/\s+/);
      return { word: word!, tag };
    });
}

/** jieba user-dictionary text ("word freq tag" per line) for these articles. */
export function buildUserDictionary(articles: Article[], domainTerms = readDomainTerms()): string {
  const entries = new Map<string, string>();
  for (const { word, tag } of domainTerms) entries.set(word, tag);
  for (const article of articles) {
    for (const match of article.text.matchAll(QUOTED_TERM)) {
      const term = itemAt(match, 1);
      if (!entries.has(term)) entries.set(term, "nz");
    }
    for (const name of article.author?.split(" ") ?? []) entries.set(name, "nr");
  }
  return [...entries].map(([word, tag]) => `${word} ${USER_WORD_FREQUENCY} ${tag}`).join("\n") + "\n";
}
