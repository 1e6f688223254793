import { describe, expect, it } from "vitest";
import { looksLikePersonName, parseByline, parseDatelineAuthors } from "./names.js";

describe("parseByline", () => {
  it.each([
    ["本报记者 沈童睿", ["沈童睿"]],
    ["张建 秦声", ["张建", "秦声"]],
    ["陈安彤 贵州日报天眼新闻记者 张良胜", ["陈安彤", "张良胜"]],
    ["贵州日报天眼新闻记者 晏惠轩", ["晏惠轩"]],
    ["张良胜 晏惠轩", ["张良胜", "晏惠轩"]],
    ["赵军", ["赵军"]],
    ["李舟", ["李舟"]],
    ["张洋", ["张洋"]],
    ["高路佳", ["高路佳"]],
    ["  王小鹏  ", ["王小鹏"]],
  ])("reads %s as a by-line", (line, names) => {
    expect(parseByline(line)).toEqual(names);
  });

  it("reads a role glued to the name (本报记者沈童睿)", () => {
    expect(parseByline("本报记者沈童睿")).toEqual(["沈童睿"]);
  });

  it.each([
    "短评",
    "党建速递",
    "六盘水市",
    "金台潮声",
    "压实责任",
    "多彩新论",
    "一线视角",
    "党员在岗",
    "创新驱动",
    "党建领航",
  ])("does not read the column label %s as a by-line", (line) => {
    expect(parseByline(line)).toBeNull();
  });

  it.each([
    ["a photo credit", "丁蓉蓉 吴贤燕 摄"],
    ["a title", "红色引擎驱动工业腾飞"],
    ["a line with punctuation", "熊明伟（右）走访群众。"],
    ["a line with digits", "张建 2025"],
    ["a role without a name", "本报记者"],
    ["an empty line", ""],
    ["a line over 30 characters", "张建 秦声 ".repeat(8)],
  ])("rejects %s", (_what, line) => {
    expect(parseByline(line)).toBeNull();
  });
});

describe("looksLikePersonName", () => {
  it("accepts names with a common surname", () => {
    expect(["沈童睿", "秦声", "晏惠轩", "蒲艳梅"].filter(looksLikePersonName)).toEqual([
      "沈童睿",
      "秦声",
      "晏惠轩",
      "蒲艳梅",
    ]);
  });

  it("rejects place names and common words that start with a surname character", () => {
    expect(["江苏省", "方向", "高质量", "金台", "张"].filter(looksLikePersonName)).toEqual([]);
  });
});

describe("parseDatelineAuthors", () => {
  it("reads the names inside a 本报讯 dateline", () => {
    expect(parseDatelineAuthors("本报讯（辛露 记者 张齐）近日，黔南州贵定县举行为新就业群体办实事")).toEqual([
      "辛露",
      "张齐",
    ]);
    expect(parseDatelineAuthors("本报讯（记者 张良胜）笔记本电脑、便携式打印机、指纹采集仪")).toEqual(["张良胜"]);
    expect(parseDatelineAuthors("本报讯(记者 陈曦)毕节市七星关区青少年成长指导中心")).toEqual(["陈曦"]);
  });

  it("returns no names for a paragraph that is not a dateline", () => {
    expect(parseDatelineAuthors("七月的贵阳，骄阳似火。大抓产业、主攻工业。")).toEqual([]);
    expect(parseDatelineAuthors("据本报讯（辛露 记者 张齐）")).toEqual([]);
  });
});
