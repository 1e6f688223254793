// Several server processes on one Redis, as in production: two real servers
// (what `npm start` runs) in their own processes on one library, a real
// redis-server, real HTTP and Socket.IO clients. Behind a proxy: TRUST_PROXY
// is set, and each test speaks for its own client address in X-Forwarded-For,
// on both transports.
import { rm } from "node:fs/promises";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AskResponseBody,
  ErrorResponseBody,
  HealthResponseBody,
  SourcesAddedResponseBody,
  SourcesResponseBody,
} from "./protocol.js";
import { makeLibraryDirs, type LibraryDirs } from "./test-support/library-app.js";
import { redisAvailable, startRedis, type TestRedis } from "./test-support/redis-server.js";
import { askAck, askOverSocket, type ChatClient } from "./test-support/running-app.js";
import { startServerProcess, type ServerProcess } from "./test-support/server-process.js";
import { startTcpSwitch, type TcpSwitch } from "./test-support/tcp-switch.js";
import { waitFor } from "./test-support/wait.js";

const canRun = redisAvailable("scale-out");
const RATE = 4;
const NEW_PAGE = "毕节市夜校培训\n\n本报记者 张华\n\n今年以来，毕节市开办乡村夜校134所，培训农民三万余人次。\n";

describe.skipIf(!canRun)("two server processes on one Redis", () => {
  let redis: TestRedis;
  let dirs: LibraryDirs;
  let a: ServerProcess;
  let b: ServerProcess;
  const clients: ChatClient[] = [];

  const client = (url: string, address: string): ChatClient => {
    const socket: ChatClient = connect(url, {
      transports: ["websocket"],
      extraHeaders: { "x-forwarded-for": address },
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
    });
    clients.push(socket);
    return socket;
  };
  const post = (url: string, route: string, address: string, body: unknown) =>
    fetch(`${url}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    [redis, dirs] = await Promise.all([startRedis(), makeLibraryDirs()]);
    const env = {
      DATA_DIR: dirs.dataDir,
      INDEX_DIR: dirs.indexDir,
      REDIS_URL: redis.url,
      RATE_LIMIT_PER_MIN: String(RATE),
      TRUST_PROXY: "loopback",
      WORKER_THREADS: "1",
    };
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  }, 180_000);

  afterAll(async () => {
    for (const socket of clients) socket.disconnect();
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await Promise.allSettled([redis?.close(), rm(dirs.workDir, { recursive: true, force: true })]);
  }, 60_000);

  it("both name the Redis streams adapter in their health, from two processes", async () => {
    const health = async (server: ServerProcess) =>
      (await (await fetch(`${server.url}/api/health`)).json()) as HealthResponseBody;
    const [healthA, healthB] = await Promise.all([health(a), health(b)]);
    expect(healthA).toMatchObject({
      status: "ok",
      adapter: { kind: "redis-streams", state: "ready" },
      store: { kind: "local" },
      index: { articles: 23 },
    });
    expect(healthB).toMatchObject({ status: "ok", adapter: { kind: "redis-streams", state: "ready" } });
    expect(healthA.pid).not.toBe(healthB.pid);
  });

  it("continues on B a conversation begun on A, with no history from the client", async () => {
    const first = await askOverSocket(client(a.url, "203.0.113.10"), {
      question: "江苏省累计建立了多少个产业链党建联盟？",
      conversationId: "c-multi-1-7f2b9d4e06",
    });
    expect(first.done!.answer).toContain("901");
    const followUp = await askOverSocket(client(b.url, "203.0.113.10"), {
      question: "那贵州省工信厅呢？",
      conversationId: "c-multi-1-7f2b9d4e06",
    });
    expect(followUp.rewritten).toBe("贵州省工信厅累计建立了多少个产业链党建联盟？");
    expect(followUp.done!.answer).toContain("42个");
    // Over HTTP the same: a conversation begun on B's socket continues on A's route.
    const overHttp = (await (
      await post(a.url, "/api/ask", "203.0.113.11", { question: "那江苏呢？", conversationId: "c-multi-1-7f2b9d4e06" })
    ).json()) as AskResponseBody;
    expect(overHttp.rewritten).toContain("江苏");
    expect(overHttp.answer).toContain("901");
  });

  it("broadcasts an upload's progress from A to clients on both, and both answer from the new page", async () => {
    const onA = client(a.url, "203.0.113.50");
    const onB = client(b.url, "203.0.113.51");
    await Promise.all(
      [onA, onB].map((socket) => new Promise<void>((resolve) => socket.once("connect", () => resolve()))),
    );
    const stages = { a: [] as string[], b: [] as string[] };
    onA.on("source:progress", (event) => stages.a.push(event.stage));
    onB.on("source:progress", (event) => stages.b.push(event.stage));
    const form = new FormData();
    form.append("file", new Blob([NEW_PAGE]), "毕节 夜校.md");
    const uploaded = await fetch(`${a.url}/api/sources`, { method: "POST", body: form });
    expect(uploaded.status).toBe(201);
    const [added] = ((await uploaded.json()) as SourcesAddedResponseBody).sources;
    // The broadcast reaches each process through the stream on its own schedule: wait for both clients.
    await waitFor("both clients told the upload is ready", () =>
      stages.a.includes("ready") && stages.b.includes("ready") ? true : undefined,
    );
    expect(stages.b).toEqual(["parse", "parse", "embed", "index", "ready"]);
    expect(stages.a).toEqual(stages.b);
    // B follows the version A wrote, without a restart.
    await waitFor("B lists the upload as ready", async () => {
      const listed = ((await (await fetch(`${b.url}/api/sources`)).json()) as SourcesResponseBody).sources;
      return listed.some((source) => source.sourceId === added?.sourceId && source.status === "ready")
        ? true
        : undefined;
    });
    const answer = (await (
      await post(b.url, "/api/ask", "203.0.113.52", { question: "毕节市开办了多少所乡村夜校？" })
    ).json()) as AskResponseBody;
    expect(answer.answer).toContain("134");
    expect(answer.citations[0]?.sourceId).toBe(added?.sourceId);
  });

  it("takes one rate budget per client across both processes, ask and brief, HTTP and socket", async () => {
    const address = "203.0.113.20";
    const onA = client(a.url, address);
    const onB = client(b.url, address);
    expect((await post(a.url, "/api/ask", address, { question: "江苏有多少产业链党建联盟?" })).status).toBe(200);
    expect((await post(b.url, "/api/briefings", address, { topic: "产业链党建" })).status).toBe(200);
    expect((await askOverSocket(onA, { question: "江苏有多少产业链党建联盟?" })).done).toBeDefined();
    expect((await askOverSocket(onB, { question: "江苏有多少产业链党建联盟?" })).done).toBeDefined();
    const overHttp = await post(b.url, "/api/ask", address, { question: "江苏有多少产业链党建联盟?" });
    expect(overHttp.status).toBe(429);
    expect(Number(overHttp.headers.get("retry-after"))).toBeGreaterThan(50);
    expect((await askAck(onA, { question: "江苏" })).error?.code).toBe("rate_limited");
    // A forged X-Forwarded-For is only read from a trusted proxy: another client still has its budget.
    expect((await post(a.url, "/api/ask", "203.0.113.21", { question: "江苏有多少产业链党建联盟?" })).status).toBe(200);
  });

  it("after kill -9 of A, B keeps answering and A's conversations continue there", async () => {
    const relay: TcpSwitch = await startTcpSwitch(a.url);
    try {
      const roaming = client(relay.url, "203.0.113.30");
      const stayer = client(b.url, "203.0.113.31");
      await askOverSocket(roaming, {
        question: "江苏省累计建立了多少个产业链党建联盟？",
        conversationId: "c-crash-9c3a7e1f5b20",
      });
      await a.kill();
      relay.switchTo(b.url); // the load balancer notices and sends the client elsewhere
      await new Promise<void>((resolve) => roaming.once("connect", () => resolve()));
      const followUp = await askOverSocket(roaming, {
        question: "那贵州省工信厅呢？",
        conversationId: "c-crash-9c3a7e1f5b20",
      });
      expect(followUp.done!.answer).toContain("42个");
      expect((await askOverSocket(stayer, { question: "江苏有多少产业链党建联盟?" })).done!.answer).toContain("901");
      expect((await fetch(`${b.url}/api/health`)).status).toBe(200);
    } finally {
      await relay.close();
    }
  });

  it("answers 503 unavailable while Redis is away and recovers without a restart", async () => {
    const socket = client(b.url, "203.0.113.40");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    await redis.stop();
    const health = await waitFor("B's health says 503", async () => {
      const response = await fetch(`${b.url}/api/health`);
      return response.status === 503 ? response.json() : undefined;
    });
    expect(health).toMatchObject({
      status: "unavailable",
      adapter: { kind: "redis-streams", state: "down" },
      error: { code: "unavailable" },
    });
    const asked = await post(b.url, "/api/ask", "203.0.113.41", { question: "江苏有多少产业链党建联盟?" });
    expect(asked.status).toBe(503);
    expect(((await asked.json()) as ErrorResponseBody).error.code).toBe("unavailable");
    expect((await askAck(socket, { question: "江苏" })).error?.code).toBe("unavailable");
    await redis.start();
    await waitFor("B's health back to 200", async () =>
      (await fetch(`${b.url}/api/health`)).status === 200 ? true : undefined,
    );
    expect((await post(b.url, "/api/ask", "203.0.113.41", { question: "江苏有多少产业链党建联盟?" })).status).toBe(200);
    expect(b.lines.some((line) => line.includes('"event":"redis_down"'))).toBe(true);
  }, 60_000);
});
