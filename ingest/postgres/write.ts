// A full ingest into PostgreSQL (`DATABASE_URL=… npm run ingest`): the
// pipeline's sink. It holds the writer lease for the whole ingest (as the local
// store holds its lock file), so an upload or another ingest waits instead of
// interleaving; reads the active manifest; writes a new generation of rows in
// batches, invisible to readers; flips the active version to it in one short
// transaction; then drops the generation before the previous one.
import type pg from "pg";
import type { BuiltManifest, RowContents, RowSink } from "../index-sink.js";
import type { Manifest } from "../store.js";
import { openCorpusDatabase } from "./database.js";
import { takeLease, type WriterLease } from "./lease.js";
import { insertArticles, insertChunkRows, insertSources, type RowTarget } from "./rows.js";
import { ensureChunksTable } from "./schema.js";
import {
  activeVersion,
  dropGenerationsBefore,
  flip,
  removeDebris,
  reserveVersion,
  type ActiveVersion,
} from "./versions.js";

/** What the sink holds while an ingest runs: one pool, the lease, and the version it started from. */
interface Session {
  pool: pg.Pool;
  lease: WriterLease;
  basis: ActiveVersion | undefined;
}

/** The pipeline's sink for DATABASE_URL. */
export function databaseSink(url: string): RowSink {
  let session: Session | undefined;
  const open = () => {
    if (!session) throw new Error("The database sink is used outside its exclusive() call.");
    return session;
  };
  return {
    takes: "rows",
    describe: "the database",
    async exclusive(work, onWait) {
      const pool = await openCorpusDatabase(url, { max: 2 });
      try {
        const lease = await takeLease(pool, { purpose: "npm run ingest", onWait });
        try {
          const basis = await activeVersion(pool);
          await removeDebris(pool, basis);
          session = { pool, lease, basis };
          return await work();
        } finally {
          session = undefined;
          await lease.release();
        }
      } finally {
        await pool.end();
      }
    },
    // The database's sources live in its version rows, which previousManifest() reads: nothing is kept apart.
    keptUploads: async () => [],
    async previousManifest() {
      const { pool, basis } = open();
      if (!basis) return undefined;
      const { rows } = await pool.query<{ manifest: Manifest }>(
        "SELECT manifest FROM corpus_versions WHERE version = $1",
        [basis.version],
      );
      return rows[0]?.manifest;
    },
    async readUpload(record) {
      const { pool, basis } = open();
      const { rows } = await pool.query<{ original: Buffer | null }>(
        "SELECT original FROM corpus_sources WHERE generation = $1 AND source_id = $2",
        [basis?.generation ?? 0, record.sourceId],
      );
      return rows[0]?.original ?? undefined;
    },
    async write(contents, manifest, originals) {
      await writeGeneration(open(), { contents, originals }, manifest);
    },
  };
}

interface Generation {
  contents: RowContents;
  /** Uploaded originals by source id, kept for the next full ingest. */
  originals: Map<string, Buffer>;
}

async function writeGeneration(
  { pool, lease }: Session,
  { contents, originals }: Generation,
  base: BuiltManifest,
): Promise<void> {
  const dimensions = contents.vectors[0]?.length ?? base.embedder.dimensions;
  const client = await pool.connect();
  try {
    await ensureChunksTable(client, dimensions);
  } finally {
    client.release();
  }
  // Another embedding size empties the tables (and the active version) first.
  const before = await activeVersion(pool);
  // No graph files: pgvector indexes the vectors in the database.
  const manifest: Manifest = { ...base, deltas: [], labels: contents.chunks.length, files: {}, graphShards: [] };
  const next = await reserveVersion(pool, undefined, {
    manifest,
    userDictionary: contents.userDictionary,
    idf: contents.idf,
  });
  await insertSources(pool, next, manifest.sources, originals);
  await insertArticles(pool, next, contents.articles);
  await insertChunks(pool, next, contents);
  await flip(pool, lease, before, next);
  // The generation readers were on stays until the next full ingest: requests in flight finish on it.
  await dropGenerationsBefore(pool, before?.generation ?? next.generation);
}

async function insertChunks(pool: pg.Pool, target: RowTarget, contents: RowContents) {
  const sourceOfDoc = new Map(contents.articles.map((article) => [article.docId, article.sourceId]));
  const rows = {
    chunks: contents.chunks,
    tokens: contents.tokens,
    vectors: contents.vectors,
    sourceOf: (chunk: { docId: string }) => sourceOfDoc.get(chunk.docId) ?? "",
  };
  await insertChunkRows(pool, target, rows, 0);
}
