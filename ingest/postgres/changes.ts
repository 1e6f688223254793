// One upload or one removal in the PostgreSQL store: a short transaction that
// locks the version row, checks that nobody moved the version since the
// snapshot it was prepared on, writes the version and its rows, and flips the
// active version, so a reader in any process sees all of the change or none.
import type pg from "pg";
import { IngestError } from "../errors.js";
import type { EmbeddedSource, SourceFile } from "../prepare.js";
import type { SearchIndex } from "../search-index.js";
import type { SourceRecord } from "../source-record.js";
import { nextManifest } from "../store-changes.js";
import type { Manifest } from "../store.js";
import { inTransaction } from "./database.js";
import { versionOf } from "./snapshot.js";
import { insertArticles, insertChunkRows, insertSources, type ActiveVersion } from "./write.js";

const PUBLIC_TABLES = ["corpus_chunks", "corpus_postings", "corpus_articles", "corpus_sources"];

/** Lock the active version for this transaction; refuse when it is not the one `snapshot` shows. */
async function lockVersion(client: pg.PoolClient, snapshot: SearchIndex): Promise<ActiveVersion> {
  const { rows } = await client.query<{ active_version: string; active_generation: string }>(
    "SELECT active_version, active_generation FROM corpus_meta WHERE id = 1 FOR UPDATE",
  );
  const row = rows[0];
  if (!row || Number(row.active_version) !== versionOf(snapshot)) {
    throw new IngestError("index_busy", "The library was changed by another server meanwhile; try again in a moment.");
  }
  return { version: Number(row.active_version), generation: Number(row.active_generation) };
}

async function newVersion(
  client: pg.PoolClient,
  snapshot: SearchIndex,
  active: ActiveVersion,
  manifest: Manifest,
): Promise<number> {
  const { rows } = await client.query<{ version: string }>(
    "INSERT INTO corpus_versions (generation, manifest, user_dictionary, idf) VALUES ($1, $2, $3, $4) RETURNING version",
    [
      active.generation,
      JSON.stringify(manifest),
      snapshot.userDictionary,
      snapshot.idf ? JSON.stringify(snapshot.idf) : null,
    ],
  );
  return Number(rows[0]?.version);
}

async function activate(client: pg.PoolClient, version: number): Promise<void> {
  await client.query("UPDATE corpus_meta SET active_version = $1 WHERE id = 1", [version]);
}

/** Add embedded uploads (with their originals) as the next version. */
export function commitUploads(
  pool: pg.Pool,
  snapshot: SearchIndex,
  files: SourceFile[],
  sources: EmbeddedSource[],
): Promise<number> {
  return inTransaction(pool, async (client) => {
    const active = await lockVersion(client, snapshot);
    const records = sources.map((source) => source.record);
    const manifest: Manifest = { ...nextManifest(snapshot.manifest, records), deltas: [], files: {} };
    const version = await newVersion(client, snapshot, active, manifest);
    const originals = new Map(sources.map((source, i) => [source.record.sourceId, Buffer.from(files[i]?.bytes ?? [])]));
    await insertSources(client, active.generation, version, records, originals);
    await insertArticles(
      client,
      active.generation,
      version,
      sources.flatMap((source) => source.articles),
      snapshot.articles.length,
    );
    let label = snapshot.manifest.labels;
    for (const source of sources) {
      const rows = {
        chunks: source.chunks,
        tokens: source.tokens,
        vectors: source.vectors,
        sourceOf: () => source.record.sourceId,
      };
      await insertChunkRows(client, active.generation, version, rows, label);
      label += source.chunks.length;
    }
    await activate(client, version);
    return version;
  });
}

/** Remove a source's rows as the next version (snapshots of this generation lose them too, as in the local store). */
export function commitRemoval(pool: pg.Pool, snapshot: SearchIndex, record: SourceRecord): Promise<number> {
  return inTransaction(pool, async (client) => {
    const active = await lockVersion(client, snapshot);
    const manifest: Manifest = { ...nextManifest(snapshot.manifest, [], record), deltas: [], files: {} };
    const version = await newVersion(client, snapshot, active, manifest);
    for (const table of PUBLIC_TABLES) {
      await client.query(`DELETE FROM ${table} WHERE generation = $1 AND source_id = $2`, [
        active.generation,
        record.sourceId,
      ]);
    }
    await activate(client, version);
    return version;
  });
}
