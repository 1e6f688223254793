// Connections to the corpus database (node-postgres): the same driver for a
// production PostgreSQL with pgvector and for PGlite behind its socket server.
import pg from "pg";
import { IngestError } from "../errors.js";
import { migrate } from "./schema.js";

/** host:port/database of a connection URL, for messages: never the password. */
export function databaseAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "the DATABASE_URL address";
  }
}

/** A pool on DATABASE_URL with the schema in place; fails with a clear message when nothing answers. */
export async function openCorpusDatabase(url: string, options: { max?: number } = {}): Promise<pg.Pool> {
  // Short statements and short transactions: PGlite runs one session for every connection.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (the database restarting) must not crash the process.
  pool.on("error", () => undefined);
  let client: pg.PoolClient | undefined;
  try {
    client = await pool.connect();
    await migrate(client);
  } catch (error) {
    client?.release();
    await pool.end().catch(() => undefined); // cleanup: the connection error below is the one to report
    throw new IngestError(
      "database_unavailable",
      `Cannot use the database at ${databaseAddress(url)} (DATABASE_URL): ${(error as Error).message}. ` +
        "Start it (npm run db -- --port P --dir D for a local one), or unset DATABASE_URL to use the local index.",
    );
  }
  client.release();
  return pool;
}

/** Run `work` in one transaction on one connection (`mode`: e.g. "REPEATABLE READ READ ONLY"). */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  mode = "",
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(mode ? `BEGIN ISOLATION LEVEL ${mode}` : "BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined); // cleanup: the transaction's error is rethrown
    throw error;
  } finally {
    client.release();
  }
}

/** pgvector's text form of a vector. */
export function vectorLiteral(vector: ArrayLike<number>): string {
  return `[${Array.from(vector).join(",")}]`;
}
