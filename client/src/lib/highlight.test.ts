import { describe, expect, it } from "vitest";
import { locateQuote, renderParagraphs } from "./highlight.js";

const text = "第一段。\n\n截至目前,江苏省累计建立产业链党建联盟(党委)901个。后文。\n\n小标题";
const quote = "截至目前,江苏省累计建立产业链党建联盟(党委)901个。";
const start = text.indexOf(quote);
const document = {
  text,
  paragraphs: [
    { kind: "body" as const, start: 0, end: 4 },
    { kind: "body" as const, start: 6, end: start + quote.length + 3 },
    { kind: "heading" as const, start: text.length - 3, end: text.length },
  ],
};

describe("locateQuote", () => {
  it("uses the offsets when they match the quote", () => {
    expect(locateQuote(text, { quote, start, end: start + quote.length })).toEqual({
      start,
      end: start + quote.length,
    });
  });

  it("finds the quote when the offsets are stale, and gives up when it is gone", () => {
    expect(locateQuote(text, { quote, start: 0, end: 5 })).toEqual({ start, end: start + quote.length });
    expect(locateQuote(text, { quote: "不在文中", start: 0, end: 4 })).toBeUndefined();
  });
});

describe("renderParagraphs", () => {
  it("marks exactly the quoted span inside its paragraph", () => {
    const rendered = renderParagraphs(document, { start, end: start + quote.length });
    expect(rendered[1]?.pieces).toEqual([
      { text: quote, highlighted: true },
      { text: "后文。", highlighted: false },
    ]);
    expect(rendered[0]?.pieces).toEqual([{ text: "第一段。", highlighted: false }]);
    expect(rendered[2]).toEqual({ kind: "heading", pieces: [{ text: "小标题", highlighted: false }] });
  });

  it("marks each part of a quote that crosses paragraphs", () => {
    const rendered = renderParagraphs(document, { start: 2, end: 8 });
    expect(rendered[0]?.pieces).toEqual([
      { text: "第一", highlighted: false },
      { text: "段。", highlighted: true },
    ]);
    expect(rendered[1]?.pieces[0]).toEqual({ text: "截至", highlighted: true });
  });

  it("shows an article without paragraph offsets as one paragraph", () => {
    expect(renderParagraphs({ text: "<img src=x onerror=alert(1)>", paragraphs: [] }, undefined)).toEqual([
      { kind: "body", pieces: [{ text: "<img src=x onerror=alert(1)>", highlighted: false }] },
    ]);
  });
});
