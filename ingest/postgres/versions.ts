// The active version of the corpus in the database and the writes around it:
// reading it, clearing what a dead writer left above it, reserving the next
// version, flipping to it in one short transaction, and dropping generations
// no reader needs any more. Every writer holds the lease (lease.ts).
import type pg from "pg";
import { IngestError } from "../errors.js";
import type { Manifest } from "../store.js";
import { inTransaction } from "./database.js";
import type { WriterLease } from "./lease.js";

export interface ActiveVersion {
  version: number;
  generation: number;
}

/** Tables of rows that belong to a generation and are added in a version. */
export const ROW_TABLES = ["corpus_chunks", "corpus_postings", "corpus_articles", "corpus_sources"] as const;

export async function activeVersion(db: pg.Pool | pg.PoolClient): Promise<ActiveVersion | undefined> {
  const { rows } = await db.query<{ active_version: string | null; active_generation: string | null }>(
    "SELECT active_version, active_generation FROM corpus_meta WHERE id = 1",
  );
  const row = rows[0];
  if (!row?.active_version || !row.active_generation) return undefined;
  return { version: Number(row.active_version), generation: Number(row.active_generation) };
}

/**
 * Rows no reader can see: a newer generation, or rows added above the active version, left by a writer
 * that stopped half-way. Only the lease holder calls this, so nothing above the active version is in use.
 */
export async function removeDebris(pool: pg.Pool, active: ActiveVersion | undefined): Promise<void> {
  const { version = 0, generation = 0 } = active ?? {};
  const tables = (await chunksTableExists(pool)) ? ROW_TABLES : ROW_TABLES.filter((table) => table !== "corpus_chunks");
  for (const table of tables) {
    await pool.query(`DELETE FROM ${table} WHERE generation > $1 OR (generation = $1 AND added_in > $2)`, [
      generation,
      version,
    ]);
  }
  await pool.query("DELETE FROM corpus_versions WHERE version > $1", [version]);
}

async function chunksTableExists(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ present: boolean }>("SELECT to_regclass('corpus_chunks') IS NOT NULL AS present");
  return rows[0]?.present === true;
}

/** A new version row (not active yet): in `generation`, or in the next one when it is undefined. */
export async function reserveVersion(
  db: pg.Pool | pg.PoolClient,
  generation: number | undefined,
  stored: { manifest: Manifest; userDictionary: string; idf?: unknown },
): Promise<ActiveVersion> {
  const { rows } = await db.query<{ version: string; generation: string }>(
    `INSERT INTO corpus_versions (generation, manifest, user_dictionary, idf)
     SELECT coalesce($1, coalesce(max(generation), 0) + 1), $2, $3, $4 FROM corpus_versions
     RETURNING version, generation`,
    [
      generation ?? null,
      JSON.stringify(stored.manifest),
      stored.userDictionary,
      stored.idf ? JSON.stringify(stored.idf) : null,
    ],
  );
  return { version: Number(rows[0]?.version), generation: Number(rows[0]?.generation) };
}

/**
 * Make `next` the active version, in one short transaction, if this writer still holds the lease and the
 * active version is still `expected`; `during` runs in the same transaction (a removal's deletes).
 */
export async function flip(
  pool: pg.Pool,
  lease: WriterLease,
  expected: ActiveVersion | undefined,
  next: ActiveVersion,
  during?: (client: pg.PoolClient) => Promise<void>,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await lease.confirm(client);
    await during?.(client);
    const moved = await client.query(
      `UPDATE corpus_meta SET active_version = $1, active_generation = $2
       WHERE id = 1 AND active_version IS NOT DISTINCT FROM $3`,
      [next.version, next.generation, expected?.version ?? null],
    );
    if (moved.rowCount !== 1) {
      throw new IngestError(
        "database_conflict",
        "Another writer changed the corpus in the database meanwhile; nothing was changed. Run it again.",
      );
    }
  });
}

/** After a full ingest's flip: drop generations older than `keep` (the one readers were on stays). */
export async function dropGenerationsBefore(pool: pg.Pool, keep: number): Promise<void> {
  for (const table of [...ROW_TABLES, "corpus_versions"]) {
    await pool.query(`DELETE FROM ${table} WHERE generation < $1`, [keep]);
  }
}
