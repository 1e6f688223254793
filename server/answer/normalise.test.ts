// Stage 1 on questions typed as people type them (the dev split's robust questions and our own).
import { describe, expect, it } from "vitest";
import { detectLanguage, normaliseQuestion } from "./normalise.js";

describe("normaliseQuestion", () => {
  it("drops courtesy words at either end, and the fillers inside", () => {
    const result = normaliseQuestion("您好，请问贵定县爱“新”联盟一共有多少家商户加入？谢谢");
    expect(result.text).toBe("贵定县爱“新”联盟有多少家商户加入?");
    expect(result.removed).toEqual(expect.arrayContaining(["您好", "请问", "谢谢", "一共"]));
  });

  it("folds traditional characters to simplified and full-width digits to half-width", () => {
    expect(normaliseQuestion("貴安新區已經組建了多少支黨員項目攻堅隊？").text).toBe(
      "贵安新区已经组建了多少支党员项目攻坚队?",
    );
    expect(normaliseQuestion("２０２３年以来省直机关评选出多少个“先进单位”？").text).toBe(
      "2023年以来省直机关评选出多少个“先进单位”?",
    );
  });

  it("keeps simplified words as they are (no Taiwan phrase rewriting: 建立 stays 建立)", () => {
    expect(normaliseQuestion("江苏省累计建立了多少个产业链党建联盟？").text).toBe(
      "江苏省累计建立了多少个产业链党建联盟?",
    );
  });

  it("takes out a preamble that introduces the asker", () => {
    const result = normaliseQuestion("我是兴仁市的村干部，想了解一下熊明伟书记是哪一年开始驻村的？");
    expect(result.text).toBe("熊明伟书记是哪一年开始驻村的?");
  });

  it("reads 这几年 as a time filler, not a count of years", () => {
    const result = normaliseQuestion("省直机关这几年在理论武装上做了哪些工作？");
    expect(result).toMatchObject({ text: "省直机关在理论武装上做了哪些工作?", recentPeriod: true });
  });

  it("keeps the space between two questions typed as one", () => {
    expect(normaliseQuestion("省直机关党员总数峰值是多少 2021年以来发展了多少党员").text).toContain("多少 2021年");
  });

  it("keeps a question that is nothing but courtesy, rather than an empty one", () => {
    expect(normaliseQuestion("谢谢").text).toBe("谢谢");
  });

  it("tells English from Chinese by the share of Latin letters", () => {
    expect(detectLanguage("How many industrial chain Party building alliances has Jiangsu set up?")).toBe("en");
    expect(detectLanguage("江苏有多少个 party building 联盟")).toBe("zh");
  });
});
