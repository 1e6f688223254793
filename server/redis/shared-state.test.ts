// The shared state on a real Redis started by the test: two instances stand for
// two server processes (each has its own connections). Conversations and rate
// budgets are one across them; Redis going away gives `unavailable` and health
// "down", and both recover without a restart when it is back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../errors.js";
import { silentLogger } from "../logger.js";
import { LIMITS } from "../protocol.js";
import type { SharedState } from "../shared-state.js";
import { redisAvailable, startRedis, type TestRedis } from "../test-support/redis-server.js";
import { waitFor } from "../test-support/wait.js";
import { redisSharedState, RedisUnreachableError } from "./shared-state.js";

const canRun = redisAvailable("redis shared state");

describe.skipIf(!canRun)("shared state on Redis", () => {
  let redis: TestRedis;
  let first: SharedState;
  let second: SharedState;
  const open = (ttlMs = 60_000) =>
    redisSharedState({ url: redis.url, keyPrefix: "test:", conversationTtlMs: ttlMs, logger: silentLogger });

  beforeAll(async () => {
    redis = await startRedis();
    [first, second] = await Promise.all([open(), open()]);
  });

  afterAll(async () => {
    await Promise.allSettled([first?.close(), second?.close()]);
    await redis?.close();
  });

  it("continues a conversation recorded by the other process, keeping the last turns", async () => {
    await first.conversations.record(
      "conv-a",
      "江苏省累计建立了多少个产业链党建联盟？",
      "江苏省累计建立产业链党建联盟(党委)901个[1]。",
    );
    expect(await second.conversations.history("conv-a")).toEqual([
      { role: "user", content: "江苏省累计建立了多少个产业链党建联盟？" },
      { role: "assistant", content: "江苏省累计建立产业链党建联盟(党委)901个[1]。" },
    ]);
    for (let i = 0; i < LIMITS.historyTurns; i++) await second.conversations.record("conv-a", `问题${i}`, `回答${i}`);
    const turns = await first.conversations.history("conv-a");
    expect(turns).toHaveLength(LIMITS.historyTurns);
    expect(turns.at(-1)).toEqual({ role: "assistant", content: `回答${LIMITS.historyTurns - 1}` });
    expect(await first.conversations.history("never-seen")).toEqual([]);
  });

  it("forgets a conversation after its time to live", async () => {
    const shortLived = await open(300);
    try {
      await shortLived.conversations.record("conv-ttl", "问", "答");
      expect(await shortLived.conversations.history("conv-ttl")).toHaveLength(2);
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(await shortLived.conversations.history("conv-ttl")).toEqual([]);
    } finally {
      await shortLived.close();
    }
  });

  it("takes one rate budget across both processes, per key", async () => {
    const here = first.limiter("requests", 3, 60_000);
    const there = second.limiter("requests", 3, 60_000);
    expect([await here.take("203.0.113.1"), await there.take("203.0.113.1"), await here.take("203.0.113.1")]).toEqual([
      0, 0, 0,
    ]);
    const wait = await there.take("203.0.113.1");
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(await here.wait("203.0.113.1")).toBeGreaterThan(55_000);
    expect(await there.take("203.0.113.2")).toBe(0);
    // Another budget name is another count.
    expect(await second.limiter("auth", 3, 60_000).take("203.0.113.1")).toBe(0);
  });

  it("answers unavailable while Redis is away and recovers when it is back", async () => {
    expect(first.health()).toEqual({ kind: "redis-streams", state: "ready" });
    await redis.stop();
    await waitFor("health down", () => (first.health().state === "down" ? true : undefined), 10_000, 50);
    const failure = await first
      .limiter("requests", 3, 60_000)
      .take("198.51.100.1")
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).code).toBe("unavailable");
    await expect(second.conversations.history("conv-a")).rejects.toMatchObject({ code: "unavailable" });
    await redis.start();
    const bothReady = () => first.health().state === "ready" && second.health().state === "ready";
    await waitFor("both ready again", () => (bothReady() ? true : undefined), 10_000, 50);
    expect(await first.limiter("requests", 3, 60_000).take("198.51.100.1")).toBe(0);
    await second.conversations.record("conv-b", "问", "答");
    expect(await first.conversations.history("conv-b")).toHaveLength(2);
  });

  it("refuses to start on an address where no Redis answers, naming it", async () => {
    const attempt = redisSharedState({
      url: "redis://127.0.0.1:1",
      keyPrefix: "x:",
      conversationTtlMs: 1000,
      logger: silentLogger,
      connectTimeoutMs: 2000,
    });
    await expect(attempt).rejects.toBeInstanceOf(RedisUnreachableError);
    await expect(attempt).rejects.toThrow(/Cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\)/);
  });
});
