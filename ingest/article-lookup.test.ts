// LayeredArticles answers as a Map of the snapshot's articles does, through adds, removals,
// re-uploads of a removed page and the folds into a new base; older snapshots keep their answers.
import { describe, expect, it } from "vitest";
import type { Article } from "./articles.js";
import { LayeredArticles } from "./article-lookup.js";

const article = (docId: string, sourceId: string): Article =>
  ({ docId, sourceId, title: docId, text: `${docId} text` }) as unknown as Article;

describe("LayeredArticles", () => {
  it("holds what a Map of each snapshot's articles holds, older snapshots unchanged", () => {
    let state = 5;
    const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let articles = Array.from({ length: 3000 }, (_, i) => article(`s${i % 600}-a${i}`, `s${i % 600}`));
    let lookup = LayeredArticles.of(articles);
    const snapshots: Array<{ lookup: LayeredArticles; ids: Set<string> }> = [];
    const allIds = new Set(articles.map(({ docId }) => docId));
    const removedPages = new Map<string, Article[]>();
    for (let change = 0; change < 400; change++) {
      const removedPage = [...removedPages.keys()][Math.floor(random() * removedPages.size)];
      if (random() < 0.6) {
        // An upload: a new page, or a page removed earlier uploaded again (the same docIds, new objects).
        const again = removedPage !== undefined && random() < 0.4;
        const page = again
          ? removedPages.get(removedPage)!.map(({ docId, sourceId }) => article(docId, sourceId))
          : Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) =>
              article(`new${change}-u${i}`, `new${change}`),
            );
        if (again) removedPages.delete(removedPage);
        articles = articles.concat(page);
        lookup = lookup.changed(articles, page, []);
        for (const { docId } of page) allIds.add(docId);
      } else {
        const source = itemOf(articles, Math.floor(random() * articles.length)).sourceId;
        const page = articles.filter((held) => held.sourceId === source);
        removedPages.set(source, page);
        articles = articles.filter((held) => held.sourceId !== source);
        lookup = lookup.changed(
          articles,
          [],
          page.map(({ docId }) => docId),
        );
      }
      const ids = new Set(articles.map(({ docId }) => docId));
      snapshots.push({ lookup, ids });
      // Compared in plain code and asserted once per change: millions of expect() calls made this
      // test take 20–30 s on a loaded machine.
      expect(membershipMismatches(lookup, ids, allIds), `change ${change}`).toEqual([]);
      expect(
        articles.filter((held) => lookup.get(held.docId) !== held).map(({ docId }) => docId),
        `change ${change}`,
      ).toEqual([]);
    }
    // Every older snapshot still answers as it did.
    for (const { lookup: older, ids } of snapshots.filter((_, i) => i % 37 === 0))
      expect(membershipMismatches(older, ids, allIds)).toEqual([]);
  });
});

/** The docIds whose membership in `lookup` differs from `ids` (the expected set). */
function membershipMismatches(lookup: LayeredArticles, ids: Set<string>, allIds: Set<string>): string[] {
  return [...allIds].filter((docId) => lookup.has(docId) !== ids.has(docId));
}

function itemOf<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}
