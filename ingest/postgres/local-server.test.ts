// The local database (PGlite behind its socket server) under the load the
// product puts on it: several connections at once, each sending
// extended-protocol batches (every parameterised query of `pg` is one).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalDatabase, type LocalDatabase } from "./local-server.js";
import { endsUnitOfWork } from "./session-queue.js";

describe("the local database server", () => {
  let dir: string;
  let database: LocalDatabase;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "local-db-"));
    database = await startLocalDatabase({ port: 0, dir: path.join(dir, "db") });
  }, 60_000);
  afterAll(async () => {
    await database?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps each connection's Parse…Sync together: concurrent queries of different shapes get their own rows", async () => {
    const clients = Array.from({ length: 4 }, () => new pg.Client({ connectionString: database.url }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      // Client k sends k+1 numbers and a long text (as a row's embedding is): its Bind arrives in
      // several TCP reads, between which the other connections' messages come in.
      const rounds = clients.map(async (client, k) => {
        const numbers = Array.from({ length: k + 1 }, (_, i) => i + 1 + k * 10);
        const text = "字".repeat(100_000 + k);
        const sum = numbers.map((_, i) => `$${i + 1}::int`).join(" + ");
        const sql = `SELECT ${sum} AS total, length($${numbers.length + 1}::text) AS chars`;
        for (let round = 0; round < 10; round += 1) {
          const result = await client.query<{ total: number; chars: number }>(sql, [...numbers, text]);
          expect(result.rows[0]).toEqual({ total: numbers.reduce((a, b) => a + b, 0), chars: text.length });
        }
      });
      await Promise.all(rounds);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  }, 60_000);

  it("lets a transaction finish before another connection's statements run, and an SQL error on one connection leaves the others working", async () => {
    const [a, b] = [
      new pg.Client({ connectionString: database.url }),
      new pg.Client({ connectionString: database.url }),
    ];
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query("CREATE TABLE IF NOT EXISTS counter (n int)");
      await a.query("BEGIN");
      await a.query("INSERT INTO counter VALUES ($1)", [1]);
      const seenByB = b.query<{ count: string }>("SELECT count(*) FROM counter");
      await a.query("INSERT INTO counter VALUES ($1)", [2]);
      await a.query("COMMIT");
      expect((await seenByB).rows[0]?.count).toBe("2");
      await expect(b.query("SELECT * FROM no_such_table WHERE n = $1", [1])).rejects.toThrow(/no_such_table/);
      expect((await a.query<{ total: number }>("SELECT sum(n)::int AS total FROM counter")).rows[0]?.total).toBe(3);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  }, 60_000);
});

describe("which messages end a connection's hold on the session", () => {
  const typed = (type: string) => Uint8Array.from([type.charCodeAt(0), 0, 0, 0, 4]);
  it("Sync, a simple Query and Terminate end it; Parse, Bind, Describe, Execute and Flush do not", () => {
    expect(["S", "Q", "X"].map((type) => endsUnitOfWork(typed(type)))).toEqual([true, true, true]);
    expect(["P", "B", "D", "E", "H"].map((type) => endsUnitOfWork(typed(type)))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
  it("a startup packet (no type byte) ends it", () => {
    const startup = new Uint8Array(8);
    new DataView(startup.buffer).setInt32(0, 8);
    new DataView(startup.buffer).setInt32(4, 196608);
    expect(endsUnitOfWork(startup)).toBe(true);
  });
});
