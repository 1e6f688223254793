// Writing the corpus into PostgreSQL. A full ingest writes a new generation of
// rows in batches (each a short statement: PGlite serves every connection from
// one session), invisible to readers, then flips the active version in one
// short transaction at the end. A crash before the flip leaves rows that no
// version names; the next ingest deletes them. Two writers: the second flip
// finds the version moved and fails with database_conflict, changing nothing.
import type pg from "pg";
import type { Article } from "../articles.js";
import type { Chunk } from "../chunk.js";
import { IngestError } from "../errors.js";
import type { IndexSink } from "../pipeline.js";
import type { SourceRecord } from "../source-record.js";
import type { IndexContents, Manifest } from "../store.js";
import { inTransaction, openCorpusDatabase, vectorLiteral } from "./database.js";
import { ensureChunksTable } from "./schema.js";

const BATCH = 500;

export interface ActiveVersion {
  version: number;
  generation: number;
}

export async function activeVersion(db: pg.Pool | pg.PoolClient): Promise<ActiveVersion | undefined> {
  const { rows } = await db.query<{ active_version: string | null; active_generation: string | null }>(
    "SELECT active_version, active_generation FROM corpus_meta WHERE id = 1",
  );
  const row = rows[0];
  if (!row?.active_version || !row.active_generation) return undefined;
  return { version: Number(row.active_version), generation: Number(row.active_generation) };
}

/** The pipeline's sink for DATABASE_URL: reads the active manifest, writes a new generation. */
export function databaseSink(url: string): IndexSink {
  return {
    describe: "the database",
    async previousManifest() {
      const pool = await openCorpusDatabase(url, { max: 1 });
      try {
        const active = await activeVersion(pool);
        if (!active) return undefined;
        const { rows } = await pool.query<{ manifest: Manifest }>(
          "SELECT manifest FROM corpus_versions WHERE version = $1",
          [active.version],
        );
        return rows[0]?.manifest;
      } finally {
        await pool.end();
      }
    },
    async readUpload(record) {
      const pool = await openCorpusDatabase(url, { max: 1 });
      try {
        const active = await activeVersion(pool);
        const { rows } = await pool.query<{ original: Buffer | null }>(
          "SELECT original FROM corpus_sources WHERE generation = $1 AND source_id = $2",
          [active?.generation ?? 0, record.sourceId],
        );
        return rows[0]?.original ?? undefined;
      } finally {
        await pool.end();
      }
    },
    async write(contents, manifest, { tokens, originals }) {
      const pool = await openCorpusDatabase(url, { max: 2 });
      try {
        await writeGeneration(pool, { contents, tokens, originals }, manifest);
      } finally {
        await pool.end();
      }
    },
  };
}

type FullManifest = Omit<Manifest, "files" | "deltas" | "labels">;

interface Generation {
  contents: IndexContents;
  tokens: string[][];
  /** Uploaded originals by source id, kept for the next full ingest. */
  originals: Map<string, Buffer>;
}

async function writeGeneration(
  pool: pg.Pool,
  { contents, tokens, originals }: Generation,
  base: FullManifest,
): Promise<void> {
  const dimensions = contents.vectors[0]?.length ?? base.embedder.dimensions;
  const client = await pool.connect();
  try {
    await ensureChunksTable(client, dimensions);
  } finally {
    client.release();
  }
  const before = await activeVersion(pool);
  await removeDebris(pool, before);
  const manifest: Manifest = { ...base, deltas: [], labels: contents.chunks.length, files: {} };
  const { rows } = await pool.query<{ version: string; generation: string }>(
    `INSERT INTO corpus_versions (generation, manifest, user_dictionary, idf)
     SELECT coalesce(max(generation), 0) + 1, $1, $2, $3 FROM corpus_versions RETURNING version, generation`,
    [JSON.stringify(manifest), contents.userDictionary, contents.idf ? JSON.stringify(contents.idf) : null],
  );
  const version = Number(rows[0]?.version);
  const generation = Number(rows[0]?.generation);
  await insertSources(pool, generation, version, manifest.sources, originals);
  await insertArticles(pool, generation, version, contents.articles);
  await insertChunks(pool, generation, version, contents, tokens);
  await flip(pool, before, { version, generation });
}

/** Rows of generations that no version became active with (an ingest that stopped half-way). */
async function removeDebris(pool: pg.Pool, active: ActiveVersion | undefined): Promise<void> {
  const above = active?.generation ?? 0;
  for (const table of ["corpus_chunks", "corpus_postings", "corpus_articles", "corpus_sources"]) {
    await pool.query(`DELETE FROM ${table} WHERE generation > $1`, [above]);
  }
  await pool.query("DELETE FROM corpus_versions WHERE generation > $1", [above]);
}

export async function insertSources(
  db: pg.Pool | pg.PoolClient,
  generation: number,
  version: number,
  records: SourceRecord[],
  originals: Map<string, Buffer>,
): Promise<void> {
  for (const record of records) {
    await db.query(
      "INSERT INTO corpus_sources (generation, source_id, added_in, record, original) VALUES ($1, $2, $3, $4, $5)",
      [generation, record.sourceId, version, JSON.stringify(record), originals.get(record.sourceId) ?? null],
    );
  }
}

export async function insertArticles(
  db: pg.Pool | pg.PoolClient,
  generation: number,
  version: number,
  articles: Article[],
  firstPosition = 0,
): Promise<void> {
  for (let start = 0; start < articles.length; start += BATCH) {
    const batch = articles.slice(start, start + BATCH);
    await db.query(
      `INSERT INTO corpus_articles (generation, doc_id, source_id, added_in, position, article)
       SELECT $1, doc_id, source_id, $2, position, article
       FROM unnest($3::text[], $4::text[], $5::int[], $6::json[]) AS a(doc_id, source_id, position, article)`,
      [
        generation,
        version,
        batch.map((article) => article.docId),
        batch.map((article) => article.sourceId),
        batch.map((_article, i) => firstPosition + start + i),
        batch.map((article) => JSON.stringify(article)),
      ],
    );
  }
}

export interface ChunkRows {
  chunks: Chunk[];
  /** The words of each chunk (jieba), for BM25. */
  tokens: string[][];
  vectors: ArrayLike<number>[];
  sourceOf: (chunk: Chunk) => string;
}

export async function insertChunkRows(
  db: pg.Pool | pg.PoolClient,
  generation: number,
  version: number,
  rows: ChunkRows,
  firstLabel: number,
): Promise<void> {
  for (let start = 0; start < rows.chunks.length; start += BATCH) {
    const end = Math.min(rows.chunks.length, start + BATCH);
    const labels = Array.from({ length: end - start }, (_unused, i) => firstLabel + start + i);
    const batch = rows.chunks.slice(start, end);
    await db.query(
      `INSERT INTO corpus_chunks (generation, label, chunk_id, doc_id, source_id, added_in, chunk, tokens, embedding)
       SELECT $1, label, chunk_id, doc_id, source_id, $2, chunk, string_to_array(tokens, E'\\x1f'), embedding::vector
       FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::json[], $8::text[], $9::text[])
         AS c(label, chunk_id, doc_id, source_id, chunk, tokens, embedding)`,
      [
        generation,
        version,
        labels,
        batch.map((chunk) => chunk.chunkId),
        batch.map((chunk) => chunk.docId),
        batch.map((chunk) => rows.sourceOf(chunk)),
        batch.map((chunk) => JSON.stringify(chunk)),
        rows.tokens.slice(start, end).map((tokens) => tokens.join("\x1f")),
        rows.vectors.slice(start, end).map((vector) => vectorLiteral(vector)),
      ],
    );
    await insertPostings(
      db,
      generation,
      version,
      labels,
      rows.tokens.slice(start, end),
      batch.map((chunk) => rows.sourceOf(chunk)),
    );
  }
}

/** BM25 postings: one row per word and chunk, with its count and the chunk's length. */
async function insertPostings(
  db: pg.Pool | pg.PoolClient,
  generation: number,
  version: number,
  labels: number[],
  tokens: string[][],
  sources: string[],
): Promise<void> {
  const terms: string[] = [];
  const postingLabels: number[] = [];
  const counts: number[] = [];
  const lengths: number[] = [];
  const postingSources: string[] = [];
  tokens.forEach((words, i) => {
    const tally = new Map<string, number>();
    for (const word of words) tally.set(word, (tally.get(word) ?? 0) + 1);
    for (const [word, count] of tally) {
      terms.push(word);
      postingLabels.push(labels[i] ?? 0);
      counts.push(count);
      lengths.push(words.length);
      postingSources.push(sources[i] ?? "");
    }
  });
  await db.query(
    `INSERT INTO corpus_postings (generation, term, label, tf, doc_length, source_id, added_in)
     SELECT $1, term, label, tf, doc_length, source_id, $2
     FROM unnest($3::text[], $4::int[], $5::int[], $6::int[], $7::text[]) AS p(term, label, tf, doc_length, source_id)`,
    [generation, version, terms, postingLabels, counts, lengths, postingSources],
  );
}

async function insertChunks(
  pool: pg.Pool,
  generation: number,
  version: number,
  contents: IndexContents,
  tokens: string[][],
): Promise<void> {
  const sourceOfDoc = new Map(contents.articles.map((article) => [article.docId, article.sourceId]));
  await insertChunkRows(
    pool,
    generation,
    version,
    {
      chunks: contents.chunks,
      tokens,
      vectors: contents.vectors,
      sourceOf: (chunk) => sourceOfDoc.get(chunk.docId) ?? "",
    },
    0,
  );
}

/** Make `next` the active version if the active one is still `expected`; drop generations older than the one left. */
export async function flip(pool: pg.Pool, expected: ActiveVersion | undefined, next: ActiveVersion): Promise<void> {
  await inTransaction(pool, async (client) => {
    const moved = await client.query(
      `UPDATE corpus_meta SET active_version = $1, active_generation = $2
       WHERE id = 1 AND active_version IS NOT DISTINCT FROM $3`,
      [next.version, next.generation, expected?.version ?? null],
    );
    if (moved.rowCount !== 1) {
      throw new IngestError(
        "database_conflict",
        "Another writer changed the corpus in the database meanwhile; nothing was changed. Run the ingest again.",
      );
    }
    // The generation readers were on stays until the next full ingest: requests in flight finish on it.
    const keep = expected && expected.generation !== next.generation ? expected.generation : next.generation;
    for (const table of ["corpus_chunks", "corpus_postings", "corpus_articles", "corpus_sources", "corpus_versions"]) {
      await client.query(`DELETE FROM ${table} WHERE generation < $1`, [keep]);
    }
  });
}
