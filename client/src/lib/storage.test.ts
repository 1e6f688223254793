import { describe, expect, it } from "vitest";
import type { ChatState } from "./chat-model.js";
import { EMPTY_STATE } from "./chat-reducer.js";
import { parseStoredState, serializeState } from "./storage.js";
import { JIANGSU_ANSWER, JIANGSU_CITATION } from "./test-fixtures.js";

const state: ChatState = {
  activeId: "c1",
  conversations: [
    {
      id: "c1",
      title: "江苏有多少产业链党建联盟?",
      createdAt: 1,
      updatedAt: 2,
      turns: [
        {
          id: "t1",
          question: "江苏有多少产业链党建联盟?",
          askedAt: 1,
          status: "done",
          answer: JIANGSU_ANSWER,
          citations: [JIANGSU_CITATION],
        },
      ],
    },
  ],
};

describe("stored conversations", () => {
  it("round-trips through serialize and parse", () => {
    expect(parseStoredState(serializeState(state))).toEqual(state);
  });

  it("gives the empty state for missing, invalid or foreign data", () => {
    expect(parseStoredState(null)).toEqual(EMPTY_STATE);
    expect(parseStoredState("{not json")).toEqual(EMPTY_STATE);
    expect(parseStoredState('["a"]')).toEqual(EMPTY_STATE);
  });

  it("skips malformed entries and keeps the good ones", () => {
    const raw = JSON.stringify({
      activeId: "gone",
      conversations: [
        state.conversations[0],
        { id: "c2", title: 3, turns: [] },
        {
          id: "c3",
          title: "坏的一轮",
          createdAt: 1,
          updatedAt: 1,
          turns: [{ id: "x", question: "问", askedAt: 1, status: "flying" }],
        },
      ],
    });
    const parsed = parseStoredState(raw);
    expect(parsed.conversations.map((c) => c.id)).toEqual(["c1", "c3"]);
    expect(parsed.conversations[1]?.turns).toEqual([]);
    expect(parsed.activeId).toBeNull();
  });
});
