import { describe, expect, it } from "vitest";
import { cleanCitationMarkers, parseCitationMarkers, renumberCitations, stripCitationMarkers } from "./citations.js";

describe("parseCitationMarkers", () => {
  it("returns distinct numbers in order of first appearance", () => {
    expect(
      parseCitationMarkers("江苏省累计建立产业链党建联盟（党委）901个[2]，覆盖企业6.7万家[1][2]。贵州也有[3]。"),
    ).toEqual([2, 1, 3]);
  });

  it("reads full-width and combined forms", () => {
    expect(parseCitationMarkers("覆盖企业6.7万家［1］，省工信厅推动建立42个联盟[2,3]，另见[4、5]。")).toEqual([
      1, 2, 3, 4, 5,
    ]);
    expect(parseCitationMarkers("见［１］和[2，3]")).toEqual([1, 2, 3]);
    expect(parseCitationMarkers("见[1-3]")).toEqual([1, 2, 3]);
  });

  it("ignores digits outside brackets, bracketed words and zero", () => {
    expect(parseCitationMarkers("联盟901个，3.61万个基层党组织[注]，2025年[0]")).toEqual([]);
  });
});

describe("cleanCitationMarkers", () => {
  const valid = new Set([1, 2, 3]);

  it("removes markers that point at no passage and reports them once", () => {
    expect(cleanCitationMarkers("江苏省累计建立产业链党建联盟901个[1][7]，覆盖企业6.7万家[7]。", valid)).toEqual({
      text: "江苏省累计建立产业链党建联盟901个[1]，覆盖企业6.7万家。",
      removed: [7],
    });
  });

  it("normalises combined and full-width markers to [a][b]", () => {
    expect(cleanCitationMarkers("贵州推动建立42个联盟［2］，江苏901个[1,3]，另有[1、2] [3]。", valid)).toEqual({
      text: "贵州推动建立42个联盟[2]，江苏901个[1][3]，另有[1][2][3]。",
      removed: [],
    });
  });

  it("drops invalid numbers inside a combined marker and repeated numbers", () => {
    expect(cleanCitationMarkers("数据见[1,9,1][1]。", valid)).toEqual({ text: "数据见[1]。", removed: [9] });
  });

  it("removes stray empty brackets and tidies the space they leave", () => {
    expect(cleanCitationMarkers("覆盖企业6.7万家 []。Jiangsu built 901 alliances [8] and more [1].", valid)).toEqual({
      text: "覆盖企业6.7万家。Jiangsu built 901 alliances and more [1].",
      removed: [8],
    });
    expect(cleanCitationMarkers("built [8]901 alliances", valid).text).toBe("built 901 alliances");
  });

  it("never touches digits that are not markers", () => {
    const text = "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中[注]。";
    expect(cleanCitationMarkers(text, valid)).toEqual({ text, removed: [] });
  });
});

describe("renumberCitations", () => {
  it("renumbers the cited passages 1..k in order of first use", () => {
    const text = "贵州推动建立42个联盟[3]，江苏901个[5][3]。";
    expect(renumberCitations(text, parseCitationMarkers(text))).toBe("贵州推动建立42个联盟[1]，江苏901个[2][1]。");
  });

  it("drops markers for passages that are not returned and normalises the rest", () => {
    expect(renumberCitations("江苏901个[2,4]，贵州42个［4］[6]。", [4, 2])).toBe("江苏901个[2][1]，贵州42个[1]。");
  });
});

describe("stripCitationMarkers", () => {
  it("leaves only the words", () => {
    expect(stripCitationMarkers("江苏901个[1]，贵州42个［2］[3,4]。")).toBe("江苏901个，贵州42个。");
  });
});
