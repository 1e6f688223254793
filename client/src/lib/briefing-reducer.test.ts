import { describe, expect, it } from "vitest";
import type { Citation } from "../../../server/protocol.js";
import {
  briefingReducer,
  currentBriefing,
  INITIAL_BRIEFING,
  type BriefingAction,
  type BriefingState,
} from "./briefing-reducer.js";

const citation = (n: number): Citation => ({
  n,
  docId: "d-a01",
  source: "seeds/d.txt",
  title: "标题",
  quote: `句子${n}。`,
  start: n * 10,
  end: n * 10 + 4,
});
const run = (...actions: BriefingAction[]): BriefingState => actions.reduce(briefingReducer, INITIAL_BRIEFING);
const point = (n: number): BriefingAction => ({
  type: "point",
  requestId: "r1",
  index: n - 1,
  point: { text: `要点${n}[${n}]`, citations: [n] },
  citations: [citation(n)],
});

describe("briefing reducer", () => {
  it("collects streamed points and their citations, then takes the final result", () => {
    const streaming = run(
      { type: "request", topic: "产业链党建" },
      { type: "accepted", requestId: "r1" },
      { type: "start", requestId: "r1", title: "关于“产业链党建”的简报" },
      point(1),
      point(2),
    );
    expect(streaming.status).toBe("running");
    expect(streaming.points.map((p) => p.text)).toEqual(["要点1[1]", "要点2[2]"]);
    expect(streaming.citations.map((c) => c.n)).toEqual([1, 2]);
    const done = briefingReducer(streaming, {
      type: "done",
      requestId: "r1",
      result: {
        title: "关于“产业链党建”的简报",
        points: [{ text: "终[1]", citations: [1] }],
        figures: [{ value: "901个", label: "联盟", citation: 1 }],
        citations: [citation(1)],
        mode: "extractive",
      },
    });
    expect(done).toMatchObject({ status: "done", points: [{ text: "终[1]" }], figures: [{ value: "901个" }] });
  });

  it("drops the points on reset, and ignores events of another request", () => {
    const state = run(
      { type: "request", topic: "t" },
      { type: "accepted", requestId: "r1" },
      point(1),
      { type: "reset", requestId: "r1" },
      { ...point(2), requestId: "other" } as BriefingAction,
    );
    expect(state.points).toEqual([]);
    expect(state.citations).toEqual([]);
  });

  it("keeps an edited title through later events and in the export", () => {
    const state = run(
      { type: "request", topic: "t" },
      { type: "accepted", requestId: "r1" },
      { type: "rename", title: "我的简报" },
      { type: "start", requestId: "r1", title: "关于“t”的简报" },
      {
        type: "done",
        requestId: "r1",
        result: { title: "关于“t”的简报", points: [], figures: [], citations: [], mode: "llm" },
      },
    );
    expect(state.title).toBe("我的简报");
    expect(currentBriefing(state)).toMatchObject({ title: "我的简报", mode: "llm" });
  });

  it("shows a refusal's message", () => {
    const state = run(
      { type: "request", topic: "量子" },
      { type: "accepted", requestId: "r1" },
      { type: "done", requestId: "r1", result: { refused: true, message: "语料中没有找到关于“量子”的内容" } },
    );
    expect(state).toMatchObject({ status: "refused", message: "语料中没有找到关于“量子”的内容" });
  });
});

describe("saved briefings in the briefing reducer", () => {
  const saved = {
    id: "b-1",
    topic: "产业链党建",
    title: "关于“产业链党建”的简报",
    points: [{ id: "p1", text: "要点1[1]", citations: [1], edited: true, originalText: "原[1]" }],
    figures: [],
    citations: [citation(1)],
    mode: "extractive" as const,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  };

  it("opens a saved briefing as finished, with its ids and edited marks", () => {
    const state = briefingReducer(INITIAL_BRIEFING, { type: "open", briefing: saved });
    expect(state).toMatchObject({ status: "done", savedId: "b-1", topic: "产业链党建" });
    expect(state.points).toMatchObject([{ id: "p1", edited: true }]);
  });

  it("takes the server's copy after a save, but keeps a title typed since", () => {
    const result = {
      title: "关于“产业链党建”的简报",
      points: [{ text: "要点1[1]", citations: [1] }],
      figures: [],
      citations: [citation(1)],
      mode: "extractive" as const,
    };
    const done = run({ type: "request", topic: "产业链党建" }, { type: "accepted", requestId: "r1" }, point(1), {
      type: "done",
      requestId: "r1",
      result,
    });
    const renamed = briefingReducer(done, { type: "rename", title: "学习简报" });
    const stored = briefingReducer(renamed, { type: "saved", briefing: saved });
    expect(stored).toMatchObject({ savedId: "b-1", title: "学习简报", points: [{ id: "p1" }] });
    // A save of another briefing is not applied to this one.
    expect(briefingReducer(stored, { type: "saved", briefing: { ...saved, id: "b-2" } })).toBe(stored);
  });

  it("keeps the typed topic, except while a briefing is being built", () => {
    expect(briefingReducer(INITIAL_BRIEFING, { type: "topic", topic: "快递进村" }).topic).toBe("快递进村");
    const running = run({ type: "request", topic: "新就业群体" });
    expect(briefingReducer(running, { type: "topic", topic: "x" })).toBe(running);
  });

  it("exports points without their saved ids or marks", () => {
    const opened = briefingReducer(INITIAL_BRIEFING, { type: "open", briefing: saved });
    expect(currentBriefing(opened).points).toEqual([{ text: "要点1[1]", citations: [1] }]);
  });
});
