import { describe, expect, it } from "vitest";
import { isTerminated, normalizeForMatch, sentenceSpans, visibleLength } from "./text.js";

const slices = (text: string) => sentenceSpans(text).map(({ start, end }) => text.slice(start, end));

describe("isTerminated", () => {
  it.each([
    "是重点。",
    "“希望继续与村民一起把我们的村建得更好，让群众生活更加富裕。”",
    "“大家打心底舍不得他走。”",
    "对于这些,陈昊摆摆手,笑着说:",
    "新时代学习大讲堂131期，培训107.3万人次……",
    "到了县里的快递，多久能派送到村民手上？",
    "“熊书记没有走，我们都特别高兴！”  ",
  ])("treats %s as finished", (paragraph) => {
    expect(isTerminated(paragraph)).toBe(true);
  });

  it.each([
    "同样在6月，由省工业和信息化厅、共青团贵州省委主办的全省新型工业化“青",
    "党员是身份，攻坚是行动，项目",
    "近年来，省直机关工委坚持把机关党建工作放到全省发展大局中思考、谋划和推进，深入",
    "强组织,建机制——",
    "江苏省累计建立产业链党建联盟(党委)901个,",
  ])("treats %s as broken off", (paragraph) => {
    expect(isTerminated(paragraph)).toBe(false);
  });
});

describe("normalizeForMatch", () => {
  it("folds full-width forms, case and whitespace", () => {
    expect(normalizeForMatch("（党委）901个，")).toBe("(党委)901个,");
    expect(normalizeForMatch("ＡＢＣ　５Ｇ")).toBe("abc 5g");
    expect(normalizeForMatch("实干工信 \n\t智造未来")).toBe("实干工信 智造未来");
  });

  it("makes the full-width and half-width forms of a corpus line equal", () => {
    expect(normalizeForMatch("截至目前，江苏省累计建立产业链党建联盟（党委）901个")).toBe(
      normalizeForMatch("截至目前,江苏省累计建立产业链党建联盟(党委)901个"),
    );
  });
});

describe("sentenceSpans", () => {
  it("ends sentences at 。！？；!?;… with their closing quotes, and at line breaks", () => {
    expect(slices("他说：“我们要干。”随后离开！3.61万个。\n\n  第二段；结尾")).toEqual([
      "他说：“我们要干。”",
      "随后离开！",
      "3.61万个。",
      "第二段；",
      "结尾",
    ]);
  });

  it("keeps decimals and half-width commas inside a sentence", () => {
    const text = "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。";
    expect(slices(text)).toEqual([text]);
  });

  it("never starts or ends a span on whitespace, and skips blank lines", () => {
    const text = "  第一句。  第二句！ \n\n\n　第三句？";
    const spans = sentenceSpans(text);
    expect(slices(text)).toEqual(["第一句。", "第二句！", "第三句？"]);
    for (const { start, end } of spans) {
      expect(/\s/.test(text[start]!)).toBe(false);
      expect(/\s/.test(text[end - 1]!)).toBe(false);
    }
    expect(sentenceSpans("")).toEqual([]);
    expect(sentenceSpans(" \n \n")).toEqual([]);
  });

  it("ends a sentence at an ellipsis", () => {
    expect(slices("培训107.3万人次……“红链管家”上岗。")).toEqual(["培训107.3万人次……", "“红链管家”上岗。"]);
  });
});

describe("visibleLength", () => {
  it("counts characters other than whitespace", () => {
    expect(visibleLength("党建聚合力 发展增动能")).toBe(10);
    expect(visibleLength(" 5G \n")).toBe(2);
  });
});
