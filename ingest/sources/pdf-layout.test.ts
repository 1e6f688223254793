// Reading order on hand-placed text runs (PDF units, y grows upwards): the
// layouts a newspaper page has that a single printed test page may not.
import { describe, expect, it } from "vitest";
import { layoutPage, type TextRun } from "./pdf-layout.js";

const SIZE = 10;
const PITCH = 16;
/** A column of lines: `lines[i]` at x, one pitch below the previous; "" leaves a blank line. */
function column(x: number, top: number, lines: string[], width = 200): TextRun[] {
  return lines.flatMap((text, i) =>
    text === "" ? [] : [{ text, x, y: top - i * PITCH, width: Math.min(width, text.length * SIZE), size: SIZE }],
  );
}
const texts = (runs: TextRun[]) => layoutPage(runs).map((paragraph) => paragraph.text);

describe("layoutPage", () => {
  it("reads two columns whose paragraph breaks line up down each column, not across", () => {
    const left = column(0, 700, [
      "甲一甲一甲一甲一甲一甲一甲一甲一甲一甲一",
      "甲二。",
      "",
      "乙一乙一乙一乙一乙一乙一乙一乙一乙一乙一",
      "乙二。",
    ]);
    const right = column(240, 700, [
      "丙一丙一丙一丙一丙一丙一丙一丙一丙一丙一",
      "丙二。",
      "",
      "丁一丁一丁一丁一丁一丁一丁一丁一丁一丁一",
      "丁二。",
    ]);
    expect(texts([...right, ...left])).toEqual([
      "甲一甲一甲一甲一甲一甲一甲一甲一甲一甲一甲二。",
      "乙一乙一乙一乙一乙一乙一乙一乙一乙一乙一乙二。",
      "丙一丙一丙一丙一丙一丙一丙一丙一丙一丙一丙二。",
      "丁一丁一丁一丁一丁一丁一丁一丁一丁一丁一丁二。",
    ]);
  });

  it("reads a title over both columns first, and a second story below them after both", () => {
    const title = [{ text: "大标题", x: 150, y: 760, width: 90, size: 24 }];
    const top = [
      ...column(0, 720, ["上左一上左一上左一上左一上左一上左一上左一", "上左二。"]),
      ...column(240, 720, ["上右一上右一上右一上右一上右一上右一上右一", "上右二。"]),
    ];
    const second = [{ text: "第二篇标题", x: 150, y: 640, width: 150, size: 24 }];
    const bottom = [
      ...column(0, 600, ["下左一下左一下左一下左一下左一下左一下左一", "下左二。"]),
      ...column(240, 600, ["下右一下右一下右一下右一下右一下右一下右一", "下右二。"]),
    ];
    const order = texts([...bottom, ...second, ...top, ...title]).map((text) => text.slice(0, 3));
    expect(order).toEqual(["大标题", "上左一", "上右一", "第二篇", "下左一", "下右一"]);
  });

  it("splits paragraphs at an indent and joins Latin words with a space", () => {
    const runs = [
      { text: "第一段开头第一段开头第一段开头第一段开头", x: 20, y: 700, width: 200, size: SIZE },
      { text: "Intel", x: 0, y: 684, width: 25, size: SIZE },
      { text: "and AMD chips,结尾第一段结尾第一段结尾第一段。", x: 30, y: 684, width: 190, size: SIZE },
      { text: "第二段缩进第二段缩进第二段缩进第二段缩进", x: 20, y: 668, width: 200, size: SIZE },
      { text: "完。", x: 0, y: 652, width: 20, size: SIZE },
    ];
    expect(texts(runs)).toEqual([
      "第一段开头第一段开头第一段开头第一段开头Intel and AMD chips,结尾第一段结尾第一段结尾第一段。",
      "第二段缩进第二段缩进第二段缩进第二段缩进完。",
    ]);
  });

  it("gives nothing for a page without text", () => {
    expect(layoutPage([{ text: "  ", x: 0, y: 0, width: 5, size: 10 }])).toEqual([]);
  });
});
