// The check after a model writes: each sentence against the passage it cites, by token overlap.
import { describe, expect, it } from "vitest";
import { Segmenter } from "../../ingest/segment.js";
import { checkSupport } from "./support.js";

const segmenter = new Segmenter();
const PASSAGES = new Map([
  [1, "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。"],
  [2, "省工信厅推动建立42个产业链党建联盟，促进重点项目落地。"],
]);

describe("checkSupport", () => {
  it("keeps a sentence its cited passage supports", () => {
    const answer = "江苏省累计建立产业链党建联盟901个[1]。";
    expect(checkSupport(answer, PASSAGES, segmenter)).toEqual({ text: answer, dropped: [] });
  });

  it("re-cites a sentence to the passage that holds it, marker before the full stop", () => {
    expect(checkSupport("省工信厅推动建立42个产业链党建联盟[1]。", PASSAGES, segmenter).text).toBe(
      "省工信厅推动建立42个产业链党建联盟[2]。",
    );
  });

  it("drops a sentence no passage supports, and keeps one that only says what is missing", () => {
    const result = checkSupport(
      "江苏省累计建立产业链党建联盟901个[1]。浙江省的联盟数量也在快速增长，位居全国前列[2]。资料没有提到浙江的数字。",
      PASSAGES,
      segmenter,
    );
    expect(result.text).toBe("江苏省累计建立产业链党建联盟901个[1]。资料没有提到浙江的数字。");
    expect(result.dropped).toEqual(["浙江省的联盟数量也在快速增长，位居全国前列。"]);
  });

  it("cites an uncited sentence that a passage supports", () => {
    expect(checkSupport("覆盖企业6.7万家。", PASSAGES, segmenter).text).toBe("覆盖企业6.7万家[1]。");
  });
});
