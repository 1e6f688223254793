// One upload or one removal in the PostgreSQL store, by the holder of the
// writer lease, on the snapshot of the active version. An upload writes its
// rows outside any transaction in a version above the active one (readers do
// not see them), then flips to that version in one short transaction; a
// removal deletes its source's rows and flips in one short transaction. A
// reader in any process sees all of the change or none of it.
import type pg from "pg";
import type { EmbeddedSource, SourceFile } from "../prepare.js";
import type { SourceRecord } from "../source-record.js";
import { nextManifest } from "../store-changes.js";
import type { Manifest } from "../store.js";
import type { WriterLease } from "./lease.js";
import { insertArticles, insertChunkRows, insertSources } from "./rows.js";
import type { PostgresSearchIndex } from "./snapshot.js";
import { flip, reserveVersion, ROW_TABLES, type ActiveVersion } from "./versions.js";

/** The version after `snapshot`'s, in its generation; not active yet. */
function reserve(pool: pg.Pool, snapshot: PostgresSearchIndex, manifest: Manifest): Promise<ActiveVersion> {
  const stored = { manifest, userDictionary: snapshot.userDictionary, idf: snapshot.idfTable };
  return reserveVersion(pool, snapshot.active.generation, stored);
}

/** Add embedded uploads (with their originals) as the next version. */
export async function commitUploads(
  pool: pg.Pool,
  lease: WriterLease,
  snapshot: PostgresSearchIndex,
  files: SourceFile[],
  sources: EmbeddedSource[],
): Promise<number> {
  const records = sources.map((source) => source.record);
  const next = await reserve(pool, snapshot, { ...nextManifest(snapshot.manifest, records), deltas: [], files: {} });
  const originals = new Map(sources.map((source, i) => [source.record.sourceId, Buffer.from(files[i]?.bytes ?? [])]));
  await insertSources(pool, next, records, originals);
  await insertArticles(
    pool,
    next,
    sources.flatMap((source) => source.articles),
    snapshot.articles.length,
  );
  let label = snapshot.manifest.labels;
  for (const source of sources) {
    const rows = { ...source, sourceOf: () => source.record.sourceId };
    await insertChunkRows(pool, next, rows, label);
    label += source.chunks.length;
  }
  await flip(pool, lease, snapshot.active, next);
  return next.version;
}

/** Remove a source's rows as the next version (snapshots of this generation lose them too, as in the local store). */
export async function commitRemoval(
  pool: pg.Pool,
  lease: WriterLease,
  snapshot: PostgresSearchIndex,
  record: SourceRecord,
): Promise<number> {
  const next = await reserve(pool, snapshot, { ...nextManifest(snapshot.manifest, [], record), deltas: [], files: {} });
  await flip(pool, lease, snapshot.active, next, async (client) => {
    for (const table of ROW_TABLES) {
      await client.query(`DELETE FROM ${table} WHERE generation = $1 AND source_id = $2`, [
        next.generation,
        record.sourceId,
      ]);
    }
  });
  return next.version;
}
