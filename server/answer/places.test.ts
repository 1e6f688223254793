import { describe, expect, it } from "vitest";
import type { Article } from "../../ingest/article.js";
import { provincesIn } from "./entities.js";
import { placesOf } from "../retrieval/scope.js";
import { ArticlePlaces } from "./places.js";

function article(docId: string, source: string, title: string, text: string): Article {
  return { docId, sourceId: source, source, sourceName: source, title, deck: [], text, paragraphs: [] };
}

describe("provincesIn", () => {
  it("reads Chinese names in order of appearance and English names (any case, whole words) after them in the list's order", () => {
    expect([...provincesIn("江苏和贵州的做法，Inner Mongolia 与 GUIZHOU 也提到")]).toEqual(["江苏", "贵州", "内蒙古"]);
    expect([...provincesIn("Guizhou's alliances; Shaanxi and Shanxi")]).toEqual(["山西", "贵州", "陕西"]);
    expect([...provincesIn("guizhoux is not a word for it")]).toEqual([]);
  });
});

describe("ArticlePlaces", () => {
  it("judges an article naming no province by its page, the same in a later article list that holds it again", () => {
    const gansu = article("p-a01", "p", "富民兴陇", "甘肃省委召开会议，甘肃各地行动。");
    const ours = article("p-a02", "p", "我省在行动", "我省各地推进产业链党建。");
    const first = ArticlePlaces.of([gansu, ours]);
    expect(first.speaksOfThroughPage(ours, "甘肃")).toBe(true);
    expect([...first.provincesOf(ours)]).toEqual(["甘肃"]);
    // A change to the corpus: a new list with the same objects and one new article.
    const added = article("q-a01", "q", "江苏新闻", "江苏901个产业链党建联盟。");
    const second = ArticlePlaces.of([gansu, ours, added]);
    expect([...second.provincesOf(ours)]).toEqual(["甘肃"]);
    expect(second.mainProvince("q-a01", "q")).toBe("江苏");
    expect(second.speaksOfThroughPage(added, "甘肃")).toBe(false);
  });
});

describe("ArticlePlaces.extendedWith (an upload's list)", () => {
  const places = ["甘肃", "江苏", "贵州", ""];
  // Articles on 40 pages: some name a province (or two), some only their page's; pages get articles later too.
  const articles = Array.from({ length: 1500 }, (_, i) => {
    const page = `page-${(i * 7) % 40}`;
    const named = places[Math.floor(i / 40) % 4]!; // a page names other provinces over time
    const second = i % 9 === 0 ? places[(i + 1) % 4]! : "";
    return article(
      `${page}-a${i}`,
      page,
      `第${i}篇`,
      `${named}${second}各地推进产业链党建，${named}企业${i}家。我省行动。`,
    );
  });

  function expectSame(extended: ArticlePlaces, fresh: ArticlePlaces, list: Article[]): void {
    for (const one of list) {
      expect([...extended.provincesOf(one)], one.docId).toEqual([...fresh.provincesOf(one)]);
      expect(extended.context(one)).toBe(fresh.context(one));
      expect(extended.mainProvince(one.docId, one.source)).toBe(fresh.mainProvince(one.docId, one.source));
      for (const province of places.slice(0, 3))
        expect(extended.speaksOfThroughPage(one, province)).toBe(fresh.speaksOfThroughPage(one, province));
    }
  }

  it("answers as the list read afresh, after many appends, across a fold, leaving the earlier lists as they were", () => {
    let list = articles.slice(0, 200);
    let current = ArticlePlaces.of(list);
    const earlier: Array<[ArticlePlaces, Article[]]> = [];
    for (let end = 203; end <= articles.length; end += 37) {
      const next = articles.slice(0, end);
      earlier.push([current, list]);
      current = current.extendedWith(next.slice(list.length), next);
      list = next;
      expectSame(current, ArticlePlaces.of(list), list);
    }
    // A page that got articles later: an earlier list still knows only the provinces it held then.
    for (const [places, held] of earlier.slice(0, 3)) expectSame(places, ArticlePlaces.of(held), held);
  });

  it("is what placesOf returns for a list extending the last one read", () => {
    const first = articles.slice(0, 300);
    const second = articles.slice(0, 340);
    placesOf(first);
    expectSame(placesOf(second), ArticlePlaces.of(second), second);
    const shorter = articles.slice(0, 320).filter((_, i) => i !== 5); // a removal: read afresh
    expectSame(placesOf(shorter), ArticlePlaces.of(shorter), shorter);
  });
});
