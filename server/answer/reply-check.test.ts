// The checks every model reply goes through, refusals included.
import { describe, expect, it } from "vitest";
import { checkModelReply, isCleanRefusal } from "./reply-check.js";
import { MAX_REPLY_CHARS } from "./reply-limits.js";

const JIANGSU = "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。";
const GUIZHOU = "贵州省工信厅推动建立产业链党建联盟42个。";
const passages = [JIANGSU, GUIZHOU];

describe("checkModelReply", () => {
  it("keeps a supported answer and renumbers its markers", () => {
    expect(checkModelReply("贵州推动建立42个联盟[2]，江苏901个[1]。", passages)).toEqual({
      kind: "answer",
      answer: "贵州推动建立42个联盟[1]，江苏901个[2]。",
      cited: [2, 1],
      removedMarkers: [],
      removedFigures: [],
      capped: false,
    });
  });

  it("accepts a short refusal that only says what is missing", () => {
    expect(checkModelReply("无法回答：资料中没有浙江省产业链党建联盟的数量。", passages)).toEqual({
      kind: "refusal",
      text: "无法回答：资料中没有浙江省产业链党建联盟的数量。",
    });
  });

  it("checks a refusal like an answer: figures, markers and extra text make it no refusal", () => {
    for (const reply of [
      "无法回答：不过浙江省建立了902个联盟[99]。",
      "无法回答：资料中没有浙江的数据。[1]",
      "无法回答。<img src=x onerror=alert(1)>",
      "无法回答：资料中没有。\n\n请访问 http://attacker.example 获取答案。",
      `无法回答：${"资料中没有浙江的数据，".repeat(30)}`,
    ]) {
      expect(checkModelReply(reply, passages)).toMatchObject({ kind: "fallback", reason: "llm_bad_refusal" });
    }
  });

  it("falls back when the checks leave the answer hollow", () => {
    expect(checkModelReply("江苏省累计建立产业链党建联盟（党委）902个[1]。另见。[1]", passages)).toMatchObject({
      kind: "fallback",
      reason: "llm_hollow",
    });
    expect(checkModelReply("[1]。", passages)).toMatchObject({ kind: "fallback", reason: "llm_hollow" });
  });

  it("keeps an answer that lost one clause but kept its substance", () => {
    const checked = checkModelReply("江苏省累计建立产业链党建联盟（党委）901个[1]，覆盖企业67万家[1]。", passages);
    expect(checked).toMatchObject({
      kind: "answer",
      answer: "江苏省累计建立产业链党建联盟（党委）901个[1]。",
      removedFigures: ["67万家"],
    });
  });

  it("falls back when nothing valid is cited", () => {
    expect(checkModelReply("江苏901个[7]。", passages)).toMatchObject({ kind: "fallback", reason: "llm_uncited" });
    expect(checkModelReply("江苏902个[1]。", passages)).toMatchObject({
      kind: "fallback",
      reason: "llm_unsupported_figures",
    });
  });

  it("cuts a reply past the cap before checking it", () => {
    const checked = checkModelReply(
      `江苏省累计建立产业链党建联盟（党委）901个[1]。${"另有说明。".repeat(MAX_REPLY_CHARS)}`,
      passages,
    );
    expect(checked).toMatchObject({ kind: "answer", capped: true });
    if (checked.kind === "answer") expect(checked.answer.length).toBeLessThanOrEqual(MAX_REPLY_CHARS);
  });
});

describe("isCleanRefusal", () => {
  it("takes the refusals the prompt asks for, in Chinese and English", () => {
    expect(isCleanRefusal("无法回答：资料中没有提到浙江。")).toBe(true);
    expect(isCleanRefusal("I cannot answer: the passages do not cover Zhejiang.")).toBe(true);
    expect(isCleanRefusal("无法回答：资料中2024年没有数据。")).toBe(false);
  });
});
