import { describe, expect, it } from "vitest";
import { layoutSegments, parseAnswerSegments, stripCitationMarkers } from "./citation-segments.js";

describe("parseAnswerSegments", () => {
  it("splits a real extractive answer into text and chips", () => {
    const answer =
      "江苏省累计建立产业链党建联盟(党委)901个[1]。\n\n原文：“截至目前,江苏省累计建立产业链党建联盟(党委)901个。”[1]";
    expect(parseAnswerSegments(answer)).toEqual([
      { kind: "text", text: "江苏省累计建立产业链党建联盟(党委)901个" },
      { kind: "citation", n: 1 },
      { kind: "text", text: "。\n\n原文：“截至目前,江苏省累计建立产业链党建联盟(党委)901个。”" },
      { kind: "citation", n: 1 },
    ]);
  });

  it("reads adjacent markers as separate chips", () => {
    expect(parseAnswerSegments("共42个[1][2]。")).toEqual([
      { kind: "text", text: "共42个" },
      { kind: "citation", n: 1 },
      { kind: "citation", n: 2 },
      { kind: "text", text: "。" },
    ]);
  });

  it("reads raw model forms seen while streaming", () => {
    expect(parseAnswerSegments("甲[1,2]乙［3］丙[4、5]")).toEqual([
      { kind: "text", text: "甲" },
      { kind: "citation", n: 1 },
      { kind: "citation", n: 2 },
      { kind: "text", text: "乙" },
      { kind: "citation", n: 3 },
      { kind: "text", text: "丙" },
      { kind: "citation", n: 4 },
      { kind: "citation", n: 5 },
    ]);
  });

  it("leaves bracketed words, zero, and an unfinished marker as text", () => {
    expect(parseAnswerSegments("[注]见[0]，另见[1")).toEqual([{ kind: "text", text: "[注]见[0]，另见[1" }]);
  });

  it("never interprets HTML: it stays in a text segment", () => {
    expect(parseAnswerSegments("<img src=x onerror=alert(1)>[2]")).toEqual([
      { kind: "text", text: "<img src=x onerror=alert(1)>" },
      { kind: "citation", n: 2 },
    ]);
  });

  it("returns no segments for an empty answer", () => {
    expect(parseAnswerSegments("")).toEqual([]);
  });
});

describe("stripCitationMarkers", () => {
  it("removes markers and keeps the text", () => {
    expect(stripCitationMarkers("共901个[1]。[2]")).toBe("共901个。");
  });
});

describe("layoutSegments", () => {
  it("keeps the character before and the 。 after a chip run on one line", () => {
    expect(layoutSegments(parseAnswerSegments("共901个[1][2]。下一句"))).toEqual([
      { kind: "text", text: "共901" },
      { kind: "citations", before: "个", numbers: [1, 2], after: "。" },
      { kind: "text", text: "下一句" },
    ]);
  });

  it("handles a chip at the start, at the end, after a newline, and between chips and quotes", () => {
    expect(layoutSegments(parseAnswerSegments("[1]开头\n[2]”"))).toEqual([
      { kind: "citations", before: "", numbers: [1], after: "" },
      { kind: "text", text: "开头\n" },
      { kind: "citations", before: "", numbers: [2], after: "”" },
    ]);
  });

  it("loses no text: the pieces join back to the answer without markers", () => {
    const answer = "江苏省累计建立产业链党建联盟(党委)901个[1]。\n\n原文：“截至目前,901个。”[1]";
    const joined = layoutSegments(parseAnswerSegments(answer))
      .map((piece) => (piece.kind === "text" ? piece.text : piece.before + piece.after))
      .join("");
    expect(joined).toBe(stripCitationMarkers(answer));
  });
});
