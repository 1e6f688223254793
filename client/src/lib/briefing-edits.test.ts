import { describe, expect, it } from "vitest";
import { movePoint, removePoint, rewritePoint } from "./briefing-edits.js";
import type { ShownPoint } from "./briefing-reducer.js";

const points: ShownPoint[] = [
  { id: "p1", text: "江苏省累计建立产业链党建联盟(党委)901个[1]", citations: [1] },
  { id: "p2", text: "省工信厅推动建立42个产业链党建联盟[2]", citations: [2] },
  { id: "p3", text: "解决问题1046个[2]", citations: [2] },
];

describe("briefing point edits", () => {
  it("moves a point up or down and leaves it at either end", () => {
    expect(movePoint(points, 1, -1).map((p) => p.id)).toEqual(["p2", "p1", "p3"]);
    expect(movePoint(points, 1, 1).map((p) => p.id)).toEqual(["p1", "p3", "p2"]);
    expect(movePoint(points, 0, -1).map((p) => p.id)).toEqual(["p1", "p2", "p3"]);
    expect(movePoint(points, 2, 1).map((p) => p.id)).toEqual(["p1", "p2", "p3"]);
  });

  it("removes one point and rewrites one, the others untouched", () => {
    expect(removePoint(points, 0)).toEqual([
      { id: "p2", text: points[1]!.text },
      { id: "p3", text: points[2]!.text },
    ]);
    expect(rewritePoint(points, 2, "  省工信厅帮助解决问题1046个。 ")[2]).toEqual({
      id: "p3",
      text: "省工信厅帮助解决问题1046个。",
    });
    expect(rewritePoint(points, 2, "x")[0]).toEqual({ id: "p1", text: points[0]!.text });
  });

  it("leaves out points not saved yet (no id)", () => {
    expect(removePoint([...points, { text: "新要点[1]", citations: [1] }], 0).map((p) => p.id)).toEqual(["p2", "p3"]);
  });
});
