// WORKERS=2 behind one port (node:cluster + sticky sessions) on a real Redis:
// HTTP requests reach both workers, Socket.IO sessions work over long-polling
// (which needs the stickiness) and WebSocket, and a conversation follows its
// client from one worker to the other, over Socket.IO and over HTTP (whose
// requests with a body the primary relays). Without REDIS_URL it refuses to start.
import { rm } from "node:fs/promises";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AskResponseBody } from "./protocol.js";
import { makeLibraryDirs, type LibraryDirs } from "./test-support/library-app.js";
import { redisAvailable, startRedis, type TestRedis } from "./test-support/redis-server.js";
import { askOverSocket, type ChatClient } from "./test-support/running-app.js";
import { startServerProcess, type ServerProcess } from "./test-support/server-process.js";

const canRun = redisAvailable("cluster");

describe.skipIf(!canRun)("WORKERS=2 with REDIS_URL", () => {
  let redis: TestRedis;
  let dirs: LibraryDirs;
  let server: ServerProcess;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    [redis, dirs] = await Promise.all([startRedis(), makeLibraryDirs()]);
    server = await startServerProcess({
      DATA_DIR: dirs.dataDir,
      INDEX_DIR: dirs.indexDir,
      REDIS_URL: redis.url,
      WORKERS: "2",
      WORKER_THREADS: "1",
      RATE_LIMIT_PER_MIN: "1000",
    });
  }, 180_000);

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.stop();
    await Promise.allSettled([redis?.close(), rm(dirs.workDir, { recursive: true, force: true })]);
  }, 60_000);

  it("spreads HTTP requests over both worker processes", async () => {
    const pids = new Set<number>();
    for (let i = 0; i < 6; i++)
      pids.add(((await (await fetch(`${server.url}/api/health`)).json()) as { pid: number }).pid);
    expect(pids.size).toBe(2);
    expect(pids.has(server.pid)).toBe(false); // the primary only hands connections on
  });

  it("keeps Socket.IO sessions on their worker (long-polling too) and conversations across workers", async () => {
    const polling: ChatClient = connect(server.url, { transports: ["polling"] });
    const upgrading: ChatClient = connect(server.url); // polling first, then the WebSocket upgrade
    clients.push(polling, upgrading);
    const first = await askOverSocket(polling, {
      question: "江苏省累计建立了多少个产业链党建联盟？",
      conversationId: "c-cluster-4e8b2d7f91",
    });
    expect(first.done!.answer).toContain("901");
    const followUp = await askOverSocket(upgrading, {
      question: "那贵州省工信厅呢？",
      conversationId: "c-cluster-4e8b2d7f91",
    });
    expect(followUp.done!.answer).toContain("42个");
    const again = await askOverSocket(polling, { question: "江苏有多少产业链党建联盟?" });
    expect(again.tokens.join("")).toBe(again.done!.answer);
    expect(upgrading.io.engine.transport.name).toBe("websocket");
  });

  it("answers POST requests relayed by the primary, a follow-up continuing over HTTP", async () => {
    // A request with a body stays with the primary's socket: its bytes and the answer cross over IPC.
    const ask = async (question: string) => {
      const response = await fetch(`${server.url}/api/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question, conversationId: "c-cluster-http-3b7e" }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as AskResponseBody;
    };
    expect((await ask("江苏省累计建立了多少个产业链党建联盟？")).answer).toContain("901");
    const followUp = await ask("那贵州省工信厅呢？");
    expect(followUp.rewritten).toBe("贵州省工信厅累计建立了多少个产业链党建联盟？");
    expect(followUp.answer).toContain("42个");
  });
});

describe("WORKERS=2 without REDIS_URL", () => {
  it("refuses to start, saying why", async () => {
    const attempt = startServerProcess({ WORKERS: "2" }, 30_000);
    await expect(attempt).rejects.toThrow(/WORKERS="2": is more than 1 but REDIS_URL is not set/);
  });
});
