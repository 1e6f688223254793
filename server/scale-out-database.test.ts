// The production shape on one machine: two server processes on one Redis and
// one PostgreSQL-compatible database with pgvector (PGlite behind its socket
// server, as `npm run db`), with an INDEX_DIR that stays empty. A follow-up on
// one continues a conversation begun on the other; an ingest into the database
// while both serve is seen by both; the database going away gives 503 until it
// is back; after kill -9 of one, the other keeps answering the same corpus.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalDatabase, type LocalDatabase } from "../ingest/postgres/local-server.js";
import { PROJECT_ROOT } from "./config.js";
import type { AskResponseBody, ErrorResponseBody, HealthResponseBody } from "./protocol.js";
import { redisAvailable, startRedis, type TestRedis } from "./test-support/redis-server.js";
import { startServerProcess, type ServerProcess } from "./test-support/server-process.js";
import { waitFor } from "./test-support/wait.js";

const canRun = redisAvailable("scale-out with a database");
const NEW_PAGE = "毕节市夜校培训\n\n本报记者 张华\n\n今年以来，毕节市开办乡村夜校134所，培训农民三万余人次。\n";

/** `npm run ingest` as the operator runs it: its own process, DATABASE_URL in the environment. */
function ingestInto(databaseUrl: string, seedsDir: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(PROJECT_ROOT, "server/cli/ingest.ts"), "--seeds", seedsDir],
    {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`ingest exited ${code}:\n${output}`)),
    ),
  );
}

describe.skipIf(!canRun)("two server processes on Redis and PostgreSQL", () => {
  let workDir: string;
  let redis: TestRedis;
  let database: LocalDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let indexDir: string;
  const seedsDir = () => path.join(workDir, "seeds");
  const health = async (server: ServerProcess) =>
    (await (await fetch(`${server.url}/api/health`)).json()) as HealthResponseBody;
  const post = (server: ServerProcess, body: { question: string; conversationId?: string }) =>
    fetch(`${server.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const ask = async (server: ServerProcess, question: string, conversationId?: string) => {
    const response = await post(server, { question, conversationId });
    const body: unknown = await response.json();
    if (!response.ok) {
      const warnings = server.lines.filter((line) => line.includes('"level":"warn"')).slice(-3);
      throw new Error(`${question} → ${response.status} ${JSON.stringify(body)}\n${warnings.join("\n")}`);
    }
    return body as AskResponseBody;
  };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), "scale-db-"));
    indexDir = path.join(workDir, "index-never-written");
    await cp(path.join(PROJECT_ROOT, "seeds"), seedsDir(), { recursive: true });
    [redis, database] = await Promise.all([
      startRedis(),
      startLocalDatabase({ port: 0, dir: path.join(workDir, "db") }),
    ]);
    expect(await ingestInto(database.url, seedsDir())).toContain("into the database at 127.0.0.1");
    const env = {
      REDIS_URL: redis.url,
      DATABASE_URL: database.url,
      INDEX_DIR: indexDir,
      DATA_DIR: path.join(workDir, "data"),
      RATE_LIMIT_PER_MIN: "1000",
      WORKER_THREADS: "1",
    };
    [a, b] = await Promise.all([startServerProcess(env, 120_000), startServerProcess(env, 120_000)]);
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await Promise.allSettled([redis?.close(), database?.stop()]);
    await rm(workDir, { recursive: true, force: true });
  }, 60_000);

  it("answers the seed questions from the database on both, naming the store and the adapter", async () => {
    for (const server of [a, b]) {
      expect(await health(server)).toMatchObject({
        status: "ok",
        store: { kind: "postgres", state: "ready" },
        adapter: { kind: "redis-streams", state: "ready" },
        index: { articles: 23 },
      });
      expect((await ask(server, "江苏有多少产业链党建联盟?")).answer).toContain("901");
      expect((await ask(server, "贵州省工信厅推动建立了多少个产业链党建联盟？")).answer).toContain("42");
    }
    // A follow-up asked of B continues the conversation begun on A (Redis), answered from the database.
    expect((await ask(a, "江苏省累计建立了多少个产业链党建联盟？", "c-db-follow-up-5e1a")).answer).toContain("901");
    const followUp = await ask(b, "那贵州省工信厅呢？", "c-db-follow-up-5e1a");
    expect(followUp.rewritten).toBe("贵州省工信厅累计建立了多少个产业链党建联盟？");
    expect(followUp.answer).toContain("42个");
    expect(existsSync(indexDir)).toBe(false);
  });

  it("moves both to a version ingested while they serve", async () => {
    await writeFile(path.join(seedsDir(), "bijie.md"), NEW_PAGE);
    const asking = Promise.all([ask(a, "江苏有多少产业链党建联盟?"), ask(b, "江苏有多少产业链党建联盟?")]);
    await ingestInto(database.url, seedsDir());
    // Answered on the old version or the new one.
    for (const answer of await asking) expect(answer).toMatchObject({ answer: expect.stringContaining("901") });
    for (const server of [a, b]) {
      await waitFor(
        "the server on the new version",
        async () => ((await health(server)).index.articles === 24 ? true : undefined),
        30_000,
        200,
      );
      const answer = await ask(server, "毕节市开办了多少所乡村夜校？");
      expect(answer.answer).toContain("134");
      expect(answer.citations[0]?.source).toContain("bijie.md");
    }
    expect(existsSync(indexDir)).toBe(false);
  }, 120_000);

  it("answers 503 unavailable while the database is away, and recovers without a restart", async () => {
    const port = Number(new URL(database.url).port);
    await database.stop();
    const down = await waitFor("A's health says the store is down", async () => {
      const response = await fetch(`${a.url}/api/health`);
      return response.status === 503 ? ((await response.json()) as HealthResponseBody) : undefined;
    });
    expect(down).toMatchObject({ status: "unavailable", store: { kind: "postgres", state: "down" } });
    const refused = await post(a, { question: "江苏有多少产业链党建联盟?" });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as ErrorResponseBody).error.code).toBe("unavailable");
    database = await startLocalDatabase({ port, dir: path.join(workDir, "db") });
    await waitFor("A's health back to 200", async () =>
      (await fetch(`${a.url}/api/health`)).status === 200 ? true : undefined,
    );
    expect((await ask(a, "江苏有多少产业链党建联盟?")).answer).toContain("901");
  }, 60_000);

  it("after kill -9 of A, B keeps answering from the database", async () => {
    await a.kill();
    expect((await ask(b, "毕节市开办了多少所乡村夜校？")).answer).toContain("134");
    expect((await ask(b, "江苏有多少产业链党建联盟?")).answer).toContain("901");
  });
});
