// Socket.IO across two servers on one real Redis (the streams adapter): a
// client whose connection drops and comes back through the load balancer to the
// OTHER server recovers its session there (same id, connection state
// recovery), and its conversation continues.
import { Redis } from "ioredis";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, silentLogger } from "../logger.js";
import type { SharedState } from "../shared-state.js";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { redisAvailable, startRedis, type TestRedis } from "../test-support/redis-server.js";
import { askOverSocket, startApp, type ChatClient, type RunningApp } from "../test-support/running-app.js";
import { startTcpSwitch, type TcpSwitch } from "../test-support/tcp-switch.js";
import { redisSharedState } from "./shared-state.js";

const canRun = redisAvailable("socket adapter");

describe.skipIf(!canRun)("the Redis streams adapter between two servers", () => {
  let redis: TestRedis;
  let corpus: CorpusIndex;
  const states: SharedState[] = [];
  let a: RunningApp;
  let b: RunningApp;

  const serverOn = async (logger = silentLogger) => {
    const shared = await redisSharedState({
      url: redis.url,
      keyPrefix: "t:",
      conversationTtlMs: 60_000,
      logger: silentLogger,
    });
    states.push(shared);
    return startApp(corpus, { shared, logger });
  };

  beforeAll(async () => {
    [redis, corpus] = await Promise.all([startRedis(), buildCorpusIndex()]);
    [a, b] = await Promise.all([serverOn(), serverOn()]);
  });

  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await Promise.allSettled(states.map((shared) => shared.close()));
    await Promise.allSettled([redis?.close(), corpus?.cleanup()]);
  });

  it("recovers a dropped connection's session on the other server", async () => {
    const relay: TcpSwitch = await startTcpSwitch(a.url);
    const client: ChatClient = connect(relay.url, {
      transports: ["websocket"],
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
    });
    try {
      await new Promise<void>((resolve) => client.once("connect", () => resolve()));
      await askOverSocket(client, {
        question: "江苏省累计建立了多少个产业链党建联盟？",
        conversationId: "c-recover-2d6f8a1c93",
      });
      const idOnA = client.id;
      expect(a.app.io.sockets.sockets.has(idOnA ?? "")).toBe(true);
      relay.switchTo(b.url); // a network drop; the balancer now sends the client to B
      await new Promise<void>((resolve) => client.once("connect", () => resolve()));
      expect(client.recovered).toBe(true);
      expect(client.id).toBe(idOnA);
      expect(b.app.io.sockets.sockets.has(idOnA ?? "")).toBe(true);
      const followUp = await askOverSocket(client, {
        question: "那贵州省工信厅呢？",
        conversationId: "c-recover-2d6f8a1c93",
      });
      expect(followUp.done!.answer).toContain("42个");
    } finally {
      client.disconnect();
      await relay.close();
    }
  });

  it("does not start a question whose connection went away while its rate limit was taken", async () => {
    const lines: string[] = [];
    const server = await serverOn(createLogger((line) => lines.push(line)));
    const admin = new Redis(redis.url);
    const client: ChatClient = connect(server.url, { transports: ["websocket"] });
    try {
      await new Promise<void>((resolve) => client.once("connect", () => resolve()));
      // Redis holds every command for a moment: the ask waits on its rate limit meanwhile.
      await admin.call("CLIENT", "PAUSE", "600", "ALL");
      client.emit("ask", { question: "江苏有多少产业链党建联盟?" }, () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      client.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(lines.filter((line) => line.includes('"event":"question"'))).toEqual([]);
      // The same server answers a connected client once Redis is back.
      const again: ChatClient = connect(server.url, { transports: ["websocket"] });
      const answered = await askOverSocket(again, { question: "江苏有多少产业链党建联盟?" });
      again.disconnect();
      expect(answered.done?.answer).toContain("901");
      expect(lines.filter((line) => line.includes('"event":"question"'))).toHaveLength(1);
    } finally {
      client.disconnect();
      admin.disconnect();
      await server.close();
    }
  });
});
