import { describe, expect, it } from "vitest";
import type { Article } from "../../ingest/article.js";
import { provincesIn } from "./entities.js";
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
    const first = new ArticlePlaces([gansu, ours]);
    expect(first.speaksOfThroughPage(ours, "甘肃")).toBe(true);
    expect([...first.provincesOf(ours)]).toEqual(["甘肃"]);
    // A change to the corpus: a new list with the same objects and one new article.
    const added = article("q-a01", "q", "江苏新闻", "江苏901个产业链党建联盟。");
    const second = new ArticlePlaces([gansu, ours, added]);
    expect([...second.provincesOf(ours)]).toEqual(["甘肃"]);
    expect(second.mainProvince("q-a01", "q")).toBe("江苏");
    expect(second.speaksOfThroughPage(added, "甘肃")).toBe(false);
  });
});
