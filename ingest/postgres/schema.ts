// The PostgreSQL + pgvector schema of the corpus, as plain SQL that runs the
// same on PostgreSQL 15+ with pgvector ≥ 0.8 and on PGlite (`npm run db`).
//
// Versions: every change (a full ingest, an upload, a removal) writes a row in
// corpus_versions and then flips corpus_meta.active_version in one short
// transaction at the end. Its rows are written before, outside any transaction
// (PGlite serves every connection from one session: a long transaction would
// stall every reader) and invisible to readers: a full ingest writes a new
// generation, an upload rows added in a version above the active one. A row
// belongs to version V when its generation is V's and it was added in V or
// before. One writer at a time holds the lease in corpus_lease
// (ingest/postgres/lease.ts); what lies above the active version when a writer
// takes it was left by a writer that died, and is removed. The previous
// generation is kept until the next full ingest, so requests in flight on it
// finish.
import type { PoolClient } from "pg";

export const SCHEMA_VERSION = 1;

/** Tables and indexes that do not depend on the embedding's size. */
const BASE_SCHEMA = `
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE IF NOT EXISTS corpus_meta (
  id integer PRIMARY KEY CHECK (id = 1),
  schema_version integer NOT NULL,
  dimensions integer,
  active_version bigint,
  active_generation bigint
);
CREATE TABLE IF NOT EXISTS corpus_versions (
  version bigserial PRIMARY KEY,
  generation bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  manifest json NOT NULL,
  user_dictionary text NOT NULL,
  idf json
);
CREATE TABLE IF NOT EXISTS corpus_sources (
  generation bigint NOT NULL,
  source_id text NOT NULL,
  added_in bigint NOT NULL,
  record json NOT NULL,
  original bytea,
  PRIMARY KEY (generation, source_id)
);
CREATE TABLE IF NOT EXISTS corpus_articles (
  generation bigint NOT NULL,
  doc_id text NOT NULL,
  source_id text NOT NULL,
  added_in bigint NOT NULL,
  position integer NOT NULL,
  article json NOT NULL,
  PRIMARY KEY (generation, doc_id)
);
CREATE TABLE IF NOT EXISTS corpus_postings (
  generation bigint NOT NULL,
  term text NOT NULL,
  label integer NOT NULL,
  tf integer NOT NULL,
  doc_length integer NOT NULL,
  source_id text NOT NULL,
  added_in bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS corpus_postings_term ON corpus_postings (generation, term);
CREATE INDEX IF NOT EXISTS corpus_postings_source ON corpus_postings (generation, source_id);
CREATE TABLE IF NOT EXISTS corpus_lease (
  id integer PRIMARY KEY CHECK (id = 1),
  holder text NOT NULL,
  pid integer NOT NULL,
  description text NOT NULL,
  expires_at timestamptz NOT NULL
);
INSERT INTO corpus_meta (id, schema_version) VALUES (1, ${SCHEMA_VERSION}) ON CONFLICT (id) DO NOTHING;
`;

/** The chunks, with their vectors: pgvector needs the size for an HNSW index. */
function chunksSchema(dimensions: number): string {
  return `
CREATE TABLE corpus_chunks (
  generation bigint NOT NULL,
  label integer NOT NULL,
  chunk_id text NOT NULL,
  doc_id text NOT NULL,
  source_id text NOT NULL,
  added_in bigint NOT NULL,
  chunk json NOT NULL,
  tokens text[] NOT NULL,
  embedding vector(${dimensions}) NOT NULL,
  PRIMARY KEY (generation, label)
);
CREATE INDEX corpus_chunks_embedding ON corpus_chunks
  USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
CREATE INDEX corpus_chunks_source ON corpus_chunks (generation, source_id);
UPDATE corpus_meta SET dimensions = ${dimensions};
`;
}

export async function migrate(client: PoolClient): Promise<void> {
  await client.query(BASE_SCHEMA);
  const { rows } = await client.query<{ schema_version: number }>(
    "SELECT schema_version FROM corpus_meta WHERE id = 1",
  );
  const found = rows[0]?.schema_version;
  if (found !== SCHEMA_VERSION) {
    throw new Error(`The database holds corpus schema ${found}, this program writes ${SCHEMA_VERSION}.`);
  }
}

/**
 * Make sure the chunks table holds vectors of `dimensions`. Another size (another embedder)
 * replaces the table and with it the whole corpus: a full ingest follows.
 */
export async function ensureChunksTable(client: PoolClient, dimensions: number): Promise<void> {
  const { rows } = await client.query<{ dimensions: number | null; present: boolean }>(
    "SELECT dimensions, to_regclass('corpus_chunks') IS NOT NULL AS present FROM corpus_meta WHERE id = 1",
  );
  const current = rows[0];
  if (current?.present && current.dimensions === dimensions) return;
  await client.query("BEGIN");
  try {
    if (current?.present) {
      await client.query("DROP TABLE corpus_chunks");
      await client.query("TRUNCATE corpus_postings, corpus_articles, corpus_sources");
      await client.query("UPDATE corpus_meta SET active_version = NULL, active_generation = NULL");
    }
    await client.query(chunksSchema(dimensions));
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
