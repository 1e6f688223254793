// The in-process conversation store (the default): the last turns of each
// conversation, forgotten after the time to live, and the server's record
// preferred over the turns a client sends.
import { describe, expect, it } from "vitest";
import { historyFor, MemoryConversationStore } from "./conversations.js";
import { LIMITS } from "./protocol.js";

describe("MemoryConversationStore", () => {
  it("keeps the last turns of each conversation, apart from the others", async () => {
    const store = new MemoryConversationStore(60_000);
    await store.record("c-1", "江苏省累计建立了多少个产业链党建联盟？", "901个[1]。");
    expect(await store.history("c-1")).toEqual([
      { role: "user", content: "江苏省累计建立了多少个产业链党建联盟？" },
      { role: "assistant", content: "901个[1]。" },
    ]);
    expect(await store.history("c-2")).toEqual([]);
    for (let i = 0; i < LIMITS.historyTurns; i++) await store.record("c-1", `问题${i}`, `回答${i}`);
    const turns = await store.history("c-1");
    expect(turns).toHaveLength(LIMITS.historyTurns);
    expect(turns[0]).toEqual({ role: "user", content: `问题${LIMITS.historyTurns / 2}` });
  });

  it("forgets a conversation once its time to live has passed since the last answer", async () => {
    let now = 1_000;
    const store = new MemoryConversationStore(5_000, () => now);
    await store.record("c-ttl", "问", "答");
    now += 4_000;
    await store.record("c-ttl", "再问", "再答"); // renews the time to live
    now += 4_000;
    expect(await store.history("c-ttl")).toHaveLength(4);
    now += 1_001;
    expect(await store.history("c-ttl")).toEqual([]);
  });

  it("answers with the server's record of a conversation, else with the client's turns", async () => {
    const store = new MemoryConversationStore(60_000);
    const sent = [{ role: "user" as const, content: "贵州呢？" }];
    expect(await historyFor(store, { conversationId: "c-new", history: sent })).toEqual(sent);
    await store.record("c-known", "江苏呢？", "901个。");
    expect((await historyFor(store, { conversationId: "c-known", history: sent }))[0]?.content).toBe("江苏呢？");
    expect(await historyFor(store, {})).toEqual([]);
  });
});
