// The corpus's rows in PostgreSQL, written in batches (one statement per batch
// of articles or chunks, so no statement holds PGlite's one session for long):
// sources with their uploaded originals, articles, chunks with their vectors
// and jieba words, and the BM25 postings. Written outside any transaction, in a
// generation or version readers do not see yet (versions.ts flips to it).
import type pg from "pg";
import type { Article } from "../articles.js";
import type { Chunk } from "../chunk.js";
import type { SourceRecord } from "../source-record.js";
import { vectorLiteral } from "./database.js";

/** Articles per statement. */
const BATCH = 500;
/**
 * Chunks per statement: each vector goes into the HNSW index as it is inserted, ~15 ms a vector in
 * PGlite's WebAssembly, so 100 hold its one session for ~1.5 s at most before a reader's turn.
 */
const CHUNK_BATCH = 100;

/** Where rows go: a generation, and the version that adds them. */
export interface RowTarget {
  generation: number;
  version: number;
}

export async function insertSources(
  db: pg.Pool | pg.PoolClient,
  { generation, version }: RowTarget,
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
  { generation, version }: RowTarget,
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
  target: RowTarget,
  rows: ChunkRows,
  firstLabel: number,
): Promise<void> {
  for (let start = 0; start < rows.chunks.length; start += CHUNK_BATCH) {
    const end = Math.min(rows.chunks.length, start + CHUNK_BATCH);
    const labels = Array.from({ length: end - start }, (_unused, i) => firstLabel + start + i);
    const batch = rows.chunks.slice(start, end);
    await db.query(
      `INSERT INTO corpus_chunks (generation, label, chunk_id, doc_id, source_id, added_in, chunk, tokens, embedding)
       SELECT $1, label, chunk_id, doc_id, source_id, $2, chunk, string_to_array(tokens, E'\\x1f'), embedding::vector
       FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::json[], $8::text[], $9::text[])
         AS c(label, chunk_id, doc_id, source_id, chunk, tokens, embedding)`,
      [
        target.generation,
        target.version,
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
      target,
      labels,
      rows.tokens.slice(start, end),
      batch.map((chunk) => rows.sourceOf(chunk)),
    );
  }
}

/** BM25 postings: one row per word and chunk, with its count and the chunk's length. */
async function insertPostings(
  db: pg.Pool | pg.PoolClient,
  { generation, version }: RowTarget,
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
