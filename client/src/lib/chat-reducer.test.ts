import { describe, expect, it } from "vitest";
import type { ErrorBody } from "../../../server/protocol.js";
import { LIMITS } from "../../../server/limits.js";
import {
  AUTO_RETRY_LIMIT,
  AUTO_RETRY_MAX_WAIT_MS,
  CLIENT_LIMITS,
  dueRetries,
  historyBefore,
  nextQueuedTurn,
  titleFromQuestion,
  type ChatState,
} from "./chat-model.js";
import { chatReducer, EMPTY_STATE, type ChatAction } from "./chat-reducer.js";
import { donePayload, GUIZHOU_CITATION, JIANGSU_ANSWER, JIANGSU_CITATION } from "./test-fixtures.js";

const run = (actions: ChatAction[], state: ChatState = EMPTY_STATE) => actions.reduce(chatReducer, state);
const ask = (turnId: string, question: string, conversationId = "c1"): ChatAction => ({
  type: "submit",
  conversationId,
  turnId,
  question,
  now: 1000,
});

/** A conversation whose first question was answered with the real Jiangsu answer. */
const answered = run([
  ask("t1", "江苏有多少产业链党建联盟?"),
  { type: "sending", turnId: "t1" },
  { type: "accepted", turnId: "t1", serverId: "s1" },
  { type: "answer", event: { kind: "start", id: "s1" } },
  { type: "answer", event: { kind: "token", id: "s1", text: "江苏省累计建立" } },
  { type: "answer", event: { kind: "token", id: "s1", text: "产业链党建联盟(党委)901个[1]。" } },
  { type: "answer", event: { kind: "citations", id: "s1", citations: [JIANGSU_CITATION] } },
  { type: "answer", event: { kind: "done", id: "s1", payload: donePayload("s1") } },
]);

describe("chatReducer", () => {
  it("creates a conversation from the first question and makes it active", () => {
    const state = run([ask("t1", "江苏有多少产业链党建联盟?")]);
    expect(state.activeId).toBe("c1");
    expect(state.conversations[0]?.title).toBe("江苏有多少产业链党建联盟?");
    expect(state.conversations[0]?.turns[0]?.status).toBe("queued");
  });

  it("streams tokens, then takes the final answer, citations and outcome from done", () => {
    const turn = answered.conversations[0]!.turns[0]!;
    expect(turn.status).toBe("done");
    expect(turn.answer).toBe(JIANGSU_ANSWER);
    expect(turn.citations).toEqual([JIANGSU_CITATION]);
    expect(turn.outcome).toMatchObject({ refused: false, coverage: "answered", mode: "extractive" });
  });

  it("drops streamed text on reset (LLM fallback starts over)", () => {
    const state = run([
      ask("t1", "问"),
      { type: "sending", turnId: "t1" },
      { type: "accepted", turnId: "t1", serverId: "s1" },
      { type: "answer", event: { kind: "token", id: "s1", text: "模型写了一半" } },
      { type: "answer", event: { kind: "reset", id: "s1" } },
      { type: "answer", event: { kind: "token", id: "s1", text: "摘录回答" } },
    ]);
    expect(state.conversations[0]?.turns[0]?.answer).toBe("摘录回答");
  });

  it("keeps the rewritten question from start when done has none", () => {
    const state = run(
      [
        ask("t2", "那贵州省工信厅呢？"),
        { type: "sending", turnId: "t2" },
        { type: "accepted", turnId: "t2", serverId: "s2" },
        {
          type: "answer",
          event: { kind: "start", id: "s2", rewritten: "贵州省工信厅推动建立了多少个产业链党建联盟？" },
        },
        {
          type: "answer",
          event: {
            kind: "done",
            id: "s2",
            payload: donePayload("s2", { answer: "42个[1]", citations: [GUIZHOU_CITATION] }),
          },
        },
      ],
      answered,
    );
    const turn = state.conversations[0]!.turns[1]!;
    expect(turn.rewritten).toBe("贵州省工信厅推动建立了多少个产业链党建联盟？");
    expect(turn.answer).toBe("42个[1]");
  });

  it("ignores tokens after a cancel and for unknown ids", () => {
    const state = run([
      ask("t1", "问"),
      { type: "sending", turnId: "t1" },
      { type: "accepted", turnId: "t1", serverId: "s1" },
      { type: "answer", event: { kind: "token", id: "s1", text: "前半" } },
      { type: "cancel", turnId: "t1" },
      { type: "answer", event: { kind: "token", id: "s1", text: "后半" } },
      { type: "answer", event: { kind: "token", id: "other", text: "别的" } },
    ]);
    expect(state.conversations[0]?.turns[0]).toMatchObject({ status: "cancelled", answer: "前半" });
  });

  it("records a rejected ask and an answer error", () => {
    const rejected = run([
      ask("t1", "问"),
      { type: "sending", turnId: "t1" },
      { type: "rejected", turnId: "t1", error: { code: "rate_limited", message: "提问太频繁" }, now: 1000 },
    ]);
    expect(rejected.conversations[0]?.turns[0]).toMatchObject({ status: "error", error: { code: "rate_limited" } });
    // No wait named: nothing to count down to, the user resends.
    expect(rejected.conversations[0]?.turns[0]?.retryAt).toBeUndefined();
  });

  it("resends a question refused for now when the server said to, at most AUTO_RETRY_LIMIT times", () => {
    const busy = { code: "busy", message: "busy", retryAfterMs: 800 } as const;
    const refuse = (now: number): ChatAction[] => [
      { type: "sending", turnId: "t1" },
      { type: "accepted", turnId: "t1", serverId: `s${now}` },
      { type: "answer", event: { kind: "error", id: `s${now}`, error: busy }, now },
    ];
    let state = run([ask("t1", "江苏有多少产业链党建联盟?"), ...refuse(5000)]);
    const turn = () => state.conversations[0]?.turns[0];
    expect(turn()).toMatchObject({ status: "error", retryAt: 5800 });
    expect(dueRetries(state)).toEqual([{ turnId: "t1", at: 5800 }]);
    for (let attempt = 1; attempt <= AUTO_RETRY_LIMIT; attempt++) {
      state = chatReducer(state, { type: "retry", turnId: "t1", now: 6000 * attempt, auto: true });
      expect(turn()).toMatchObject({ status: "queued", autoRetries: attempt, error: undefined, retryAt: undefined });
      state = run(refuse(6000 * attempt + 10), state);
    }
    // Out of automatic resends: the turn waits for the user, whose resend starts the count over.
    expect(turn()).toMatchObject({ status: "error", autoRetries: AUTO_RETRY_LIMIT, retryAt: undefined });
    expect(dueRetries(state)).toEqual([]);
    expect(chatReducer(state, { type: "retry", turnId: "t1", now: 1, auto: true })).toBe(state);
    state = chatReducer(state, { type: "retry", turnId: "t1", now: 90_000 });
    expect(turn()).toMatchObject({ status: "queued", autoRetries: undefined });
  });

  it("does not resend by itself after a long wait, an internal error, or when the user holds it", () => {
    const failWith = (error: ErrorBody) =>
      run([ask("t1", "问"), { type: "sending", turnId: "t1" }, { type: "rejected", turnId: "t1", error, now: 1000 }])
        .conversations[0]?.turns[0];
    expect(failWith({ code: "rate_limited", message: "", retryAfterMs: AUTO_RETRY_MAX_WAIT_MS + 1 })?.retryAt).toBe(
      undefined,
    );
    expect(failWith({ code: "internal", message: "", retryAfterMs: 10 })?.retryAt).toBeUndefined();
    expect(failWith({ code: "rate_limited", message: "", retryAfterMs: 2000 })?.retryAt).toBe(3000);
    const held = run([
      ask("t1", "问"),
      { type: "sending", turnId: "t1" },
      { type: "rejected", turnId: "t1", error: { code: "busy", message: "", retryAfterMs: 100 }, now: 1000 },
      { type: "hold-retry", turnId: "t1" },
    ]);
    expect(held.conversations[0]?.turns[0]).toMatchObject({ status: "error", retryAt: undefined });
    // A timer that fires after the hold changes nothing.
    expect(chatReducer(held, { type: "retry", turnId: "t1", now: 2000, auto: true })).toBe(held);
  });

  it("requeues an unacknowledged question and interrupts a streaming one when the connection is lost", () => {
    const state = run([
      ask("t1", "一"),
      { type: "sending", turnId: "t1" },
      { type: "accepted", turnId: "t1", serverId: "s1" },
      ask("t2", "二", "c2"),
      { type: "sending", turnId: "t2" },
      { type: "connection-lost" },
    ]);
    const statuses = state.conversations.flatMap((c) => c.turns.map((t) => [t.id, t.status]));
    expect(Object.fromEntries(statuses)).toEqual({ t1: "interrupted", t2: "queued" });
  });

  it("marks questions that were still waiting at load as unsent, and retry queues them again", () => {
    const restored = run([ask("t1", "一"), { type: "restore" }]);
    expect(restored.conversations[0]?.turns[0]?.status).toBe("unsent");
    const retried = chatReducer(restored, { type: "retry", turnId: "t1", now: 2000 });
    expect(retried.conversations[0]?.turns[0]).toMatchObject({ status: "queued", askedAt: 2000 });
  });

  it("deletes a conversation and leaves the empty screen when it was active", () => {
    const state = chatReducer(answered, { type: "delete", conversationId: "c1" });
    expect(state).toEqual(EMPTY_STATE);
  });
});

describe("chat model helpers", () => {
  it("sends the answered turns as history, without citation markers", () => {
    const state = chatReducer(answered, ask("t2", "那贵州省工信厅呢？"));
    expect(historyBefore(state.conversations[0]!, "t2")).toEqual([
      { role: "user", content: "江苏有多少产业链党建联盟?" },
      { role: "assistant", content: "江苏省累计建立产业链党建联盟(党委)901个。" },
    ]);
  });

  it("sends one queued question per conversation at a time", () => {
    const state = run([ask("t1", "一"), ask("t2", "二")]);
    expect(nextQueuedTurn(state.conversations[0]!)?.id).toBe("t1");
    const sending = chatReducer(state, { type: "sending", turnId: "t1" });
    expect(nextQueuedTurn(sending.conversations[0]!)).toBeUndefined();
  });

  it("restates the server's limits table exactly (the computed byte limits included)", () => {
    expect(CLIENT_LIMITS).toEqual(LIMITS);
  });

  it("makes a one-line title of at most 24 characters", () => {
    expect(titleFromQuestion("  熊明伟4年来\n共争取了多少资金修建产业路？")).toBe(
      "熊明伟4年来 共争取了多少资金修建产业路？",
    );
    expect(titleFromQuestion("一二三四五六七八九十一二三四五六七八九十一二三四五六")).toBe(
      "一二三四五六七八九十一二三四五六七八九十一二三四…",
    );
  });
});

describe("answer tools in the chat reducer", () => {
  it("keeps the answerId from done and the scope a question was asked with", () => {
    expect(answered.conversations[0]!.turns[0]!.answerId).toBe("answer-of-s1");
    const scoped = run([{ ...ask("t9", "有多少产业链党建联盟？"), scope: { province: "江苏" } } as ChatAction]);
    expect(scoped.conversations[0]!.turns[0]!.scope).toEqual({ province: "江苏" });
  });

  it("regenerates a finished answer: the turn is queued again without its old answer or answerId", () => {
    const turn = run([{ type: "regenerate", turnId: "t1", now: 2000 }], answered).conversations[0]!.turns[0]!;
    expect(turn).toMatchObject({ status: "queued", answer: "", citations: [], askedAt: 2000 });
    expect(turn.answerId).toBeUndefined();
    expect(turn.serverId).toBeUndefined();
  });

  it("asks an edited question in place and drops the turns after it, but never while an answer is in flight", () => {
    const twoTurns = run(
      [ask("t2", "那贵州呢？"), { type: "sending", turnId: "t2" }, { type: "accepted", turnId: "t2", serverId: "s2" }],
      answered,
    );
    expect(run([{ type: "edit", turnId: "t1", question: "贵州呢", now: 3000 }], twoTurns)).toBe(twoTurns);
    const settled = run([{ type: "answer", event: { kind: "done", id: "s2", payload: donePayload("s2") } }], twoTurns);
    const edited = run(
      [{ type: "edit", turnId: "t1", question: "  贵州省工信厅推动建立了多少个产业链党建联盟？ ", now: 3000 }],
      settled,
    );
    const turns = edited.conversations[0]!.turns;
    expect(turns.map((turn) => turn.id)).toEqual(["t1"]);
    expect(turns[0]).toMatchObject({
      question: "贵州省工信厅推动建立了多少个产业链党建联盟？",
      status: "queued",
      answer: "",
    });
    expect(run([{ type: "edit", turnId: "t1", question: "   ", now: 3000 }], settled)).toBe(settled);
  });
});
