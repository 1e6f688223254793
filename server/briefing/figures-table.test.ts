// The figures table and the topic reading, on sentences in the corpus's shape.
import { describe, expect, it } from "vitest";
import { Segmenter } from "../../ingest/segment.js";
import type { Citation } from "../answer/types.js";
import { figuresTable } from "./figures-table.js";
import { ArticlePlaces } from "../answer/places.js";
import { briefingTitle, cleanTopic, coverage } from "./topic.js";

const segmenter = new Segmenter();
const quote = (n: number, text: string): Citation => ({
  n,
  docId: `page-a0${n}`,
  source: "seeds/page.txt",
  title: "标题",
  quote: text,
  start: 0,
  end: text.length,
});

describe("figures table", () => {
  it("reads each figure verbatim with what it counts and where", () => {
    const figures = figuresTable(
      [quote(1, "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。")],
      ArticlePlaces.of([]),
      segmenter,
    );
    expect(figures).toEqual([
      { value: "901个", label: "产业链党建联盟(党委)", place: "江苏", citation: 1 },
      { value: "3.61万个", label: "基层党组织", place: "江苏", citation: 1 },
      { value: "6.7万家", label: "企业", place: "江苏", citation: 1 },
    ]);
  });

  it("keeps the predicate of a rate, and leaves years and dates out", () => {
    const figures = figuresTable(
      [quote(2, "2024年5月,甘肃省规模以上工业增加值增长9.6%。")],
      ArticlePlaces.of([]),
      segmenter,
    );
    expect(figures).toEqual([{ value: "9.6%", label: "工业增加值增长", place: "甘肃", citation: 2 }]);
  });

  it("never takes a tag name from markup in the quote as a label", () => {
    const figures = figuresTable(
      [quote(4, '江苏省累计建立产业链党建联盟901个<img src=x onerror="alert(1)">。')],
      ArticlePlaces.of([]),
      segmenter,
    );
    expect(figures).toEqual([{ value: "901个", label: "产业链党建联盟", place: "江苏", citation: 4 }]);
  });

  it("finds no figure in a sentence without one", () => {
    expect(figuresTable([quote(3, "产业链党建一头连着组织，一头连着产业。")], ArticlePlaces.of([]), segmenter)).toEqual(
      [],
    );
  });
});

describe("topic", () => {
  it("drops the request wrapper", () => {
    expect(cleanTopic("整理一份关于产业链党建的简报")).toBe("产业链党建");
    expect(cleanTopic("“快递进村”")).toBe("快递进村");
    expect(cleanTopic("贵州省直机关'十四五'党建成效有哪些数据")).toBe("贵州省直机关十四五党建成效");
    expect(briefingTitle("新就业群体")).toBe("关于“新就业群体”的简报");
  });

  it("weighs coverage by the topic words' rarity", () => {
    const words = [
      { word: "甘肃", weight: 3 },
      { word: "工业", weight: 1 },
    ];
    expect(coverage("甘肃工业", words)).toBe(1);
    expect(coverage("江苏工业", words)).toBe(0.25);
    expect(coverage("无关", [])).toBe(0);
  });
});
