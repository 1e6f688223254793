// Stage 5 through the answering entry point, offline, on the real corpus: the shape of each
// intent's answer (what a user sees) and of the refusals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { Answerer } from "./answerer.js";
import { parseCitationMarkers } from "./citations.js";

let corpus: CorpusIndex;
let answerer: Answerer;
beforeAll(async () => {
  corpus = await buildCorpusIndex();
  answerer = new Answerer({ retriever: corpus.retriever });
});
afterAll(() => corpus.cleanup());

const ask = (question: string) => answerer.answer({ question });

describe("compose", () => {
  it("count: one lead sentence with the fact and its marker, the quote only in the citation", async () => {
    const result = await ask("江苏省累计建立了多少个产业链党建联盟？");
    expect(result.answer).toBe("江苏省累计建立产业链党建联盟(党委)901个[1]。");
    expect(result.answer).not.toContain("原文");
    expect(result.citations).toHaveLength(1);
    expect(result.citations[0]!.quote).toContain("3.61万个基层党组织");
    expect(result.plan).toMatchObject({ intent: "count", slots: { entities: ["江苏"], unit: "个" } });
    expect(result.queries?.[0]).toContain("江苏省累计建立了多少个产业链党建联盟");
  });

  it("person: the asked role and the name the source gives it", async () => {
    expect((await ask("六盘水市公安局治安支队副队长是谁")).answer).toBe("六盘水市公安局治安支队副队长是吕建勋[1]。");
  });

  it("list: the merged enumeration", async () => {
    expect((await ask("甘肃抢占未来产业新赛道要围绕哪些重点领域？")).answer).toBe(
      "主要有：氢能等新型储能、人工智能、量子科技、人形机器人[1]。",
    );
  });

  it("explain: three to six cited points, in the article's order", async () => {
    const result = await ask("怎样健全农村基层党组织的专项经费制度？");
    const points = result.answer.split("\n").filter((line) => line.startsWith("- "));
    expect(points.length).toBeGreaterThanOrEqual(3);
    expect(points.length).toBeLessThanOrEqual(6);
    for (const point of points) expect(parseCitationMarkers(point)).toHaveLength(1);
    expect(result.answer).toContain("费随事转");
    const starts = result.citations.map((citation) => citation.start);
    expect(starts).toEqual([...starts].sort((left, right) => left - right));
  });

  it("compare: a row per side as a table, and the same rows as text", async () => {
    const result = await ask("六盘水市公安局治安支队副队长和荷城派出所所长分别是谁？");
    expect(result.table?.rows.map((row) => [row.entity, row.value])).toEqual([
      ["六盘水市公安局治安支队副队长", "吕建勋"],
      ["荷城派出所所长", "樊进"],
    ]);
    for (const row of result.table!.rows) expect(result.answer).toContain(`${row.value}[${row.citation}]`);
  });

  it("refuses a false premise by saying what the source states instead", async () => {
    const result = await ask("张家港市氢能产业链联合党委是哪一年撤销的？");
    expect(result).toMatchObject({ refused: true, coverage: "not_found", citations: [] });
    expect(result.answer).toBe("语料没有提到张家港市“撤销”；只提到：2022年,张家港市氢能产业链联合党委成立[1]。");
    expect(result.related?.[0]?.quote).toContain("2022年,张家港市氢能产业链联合党委成立");
  });

  it("a refusal never names a function word", async () => {
    const result = await ask("贵州和江苏各有多少个外卖骑手党支部？");
    expect(result.refused).toBe(true);
    expect(result.answer).not.toMatch(/各有|都有/);
  });
});
