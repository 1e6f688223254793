// A searchable snapshot of the corpus in PostgreSQL: the active version's
// articles, chunks and word statistics are read into memory (answer
// composition reads them), while retrieval runs in SQL: nearest vectors through
// the pgvector HNSW index, BM25 over the postings table. The same question gets
// the same candidates as from the local store (the BM25 formula is the one of
// ingest/bm25.ts).
import type pg from "pg";
import type { Article } from "../articles.js";
import { Bm25Index, type ScoredIndex } from "../bm25.js";
import type { Chunk } from "../chunk.js";
import { createEmbeddings } from "../embedder-factory.js";
import { embedderIdentity, idfWeights, LocalHashEmbeddings, type EmbedderSettings, type IdfTable } from "../embed.js";
import { IngestError } from "../errors.js";
import type { ChunkFilter, ChunkSearch, SearchIndex } from "../search-index.js";
import { Segmenter } from "../segment.js";
import { checkEmbedder, type Manifest } from "../store.js";
import { inTransaction, vectorLiteral } from "./database.js";
import { activeVersion, type ActiveVersion } from "./versions.js";

const K1 = 1.2;
const B = 0.75;

/** A snapshot of the database store: the version it shows, and how to search it. */
export interface PostgresSearchIndex extends SearchIndex {
  active: ActiveVersion;
  /** The version's IDF table as stored, carried into the versions written after it. */
  idfTable?: IdfTable;
}

/**
 * The active version, read in one repeatable-read transaction: the version row, its articles and its
 * chunks as of one moment, so a removal committed meanwhile cannot leave a chunk without its article.
 * (Back to back statements: on PGlite the transaction holds the session no longer than they take.)
 */
export async function loadSnapshot(
  pool: pg.Pool,
  embedder: EmbedderSettings,
  where: string,
): Promise<PostgresSearchIndex> {
  const read = await inTransaction(pool, (client) => readActive(client, where), "REPEATABLE READ READ ONLY");
  const { active, stored, articles, chunks } = read;
  checkEmbedder(stored.manifest.embedder, embedderIdentity(embedder), where);
  const segmenter = new Segmenter(stored.user_dictionary);
  const embeddings = createEmbeddings(embedder, segmenter);
  const idfTable = stored.idf ?? undefined;
  const idf = idfTable ? idfWeights(idfTable) : undefined;
  if (embeddings instanceof LocalHashEmbeddings && idf) embeddings.useIdf(idf);
  const positionOf = new Map(chunks.map((row, position) => [row.label, position]));
  const tokens = chunks.map((row) => row.tokens);
  return {
    active,
    manifest: stored.manifest,
    articles,
    chunks: chunks.map((row) => row.chunk),
    ...(idf ? { idf, idfTable } : {}),
    userDictionary: stored.user_dictionary,
    directory: `postgres:${where}#${active.version}`,
    segmenter,
    embeddings,
    bm25: Bm25Index.build(tokens, K1, B),
    articleById: new Map(articles.map((article) => [article.docId, article])),
    search: sqlSearch(pool, active, positionOf, corpusStats(tokens)),
  };
}

async function readActive(client: pg.PoolClient, where: string) {
  const active = await activeVersion(client);
  if (!active) {
    throw new IngestError(
      "index_missing",
      `The database at ${where} holds no corpus yet. Run: DATABASE_URL=… npm run ingest`,
    );
  }
  const version = await client.query<{ manifest: Manifest; user_dictionary: string; idf: IdfTable | null }>(
    "SELECT manifest, user_dictionary, idf FROM corpus_versions WHERE version = $1",
    [active.version],
  );
  const stored = version.rows[0];
  if (!stored) {
    throw new IngestError(
      "index_corrupt",
      `The database at ${where} names version ${active.version}, which it does not hold. Run the ingest again.`,
    );
  }
  const articles = await client.query<{ article: Article }>(
    "SELECT article FROM corpus_articles WHERE generation = $1 AND added_in <= $2 ORDER BY added_in, position",
    [active.generation, active.version],
  );
  const chunks = await client.query<{ label: number; chunk: Chunk; tokens: string[] }>(
    "SELECT label, chunk, tokens FROM corpus_chunks WHERE generation = $1 AND added_in <= $2 ORDER BY label",
    [active.generation, active.version],
  );
  return { active, stored, articles: articles.rows.map((row) => row.article), chunks: chunks.rows };
}

interface CorpusStats {
  documents: number;
  averageLength: number;
}

function corpusStats(tokens: string[][]): CorpusStats {
  const total = tokens.reduce((sum, words) => sum + words.length, 0);
  return { documents: tokens.length, averageLength: total / Math.max(1, tokens.length) };
}

function sqlSearch(
  pool: pg.Pool,
  active: ActiveVersion,
  positionOf: Map<number, number>,
  stats: CorpusStats,
): ChunkSearch {
  const toPositions = (rows: Array<{ label: number; score: number }>): ScoredIndex[] =>
    rows.flatMap((row) => {
      const index = positionOf.get(row.label);
      return index === undefined ? [] : [{ index, score: Number(row.score) }];
    });
  // A filter (a scope) becomes the list of accepted labels, applied in SQL so k rows still come back.
  const labelsFor = (accepts: ChunkFilter | undefined): number[] | null =>
    accepts === undefined ? null : [...positionOf].flatMap(([label, index]) => (accepts(index) ? [label] : []));
  return {
    vector: (query, k, accepts) =>
      unavailableIfFailed(() => nearest(pool, active, query, k, labelsFor(accepts)).then(toPositions)),
    lexical: (tokens, k, accepts) =>
      tokens.length === 0
        ? Promise.resolve([])
        : unavailableIfFailed(async () => {
            const params = [
              active.generation,
              active.version,
              [...new Set(tokens)],
              k,
              K1,
              B,
              stats.documents,
              stats.averageLength,
              labelsFor(accepts),
            ];
            return toPositions((await pool.query<{ label: number; score: number }>(BM25_SQL, params)).rows);
          }),
  };
}

/** A query that fails because the database went away is `database_unavailable` (the server answers 503). */
async function unavailableIfFailed<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    throw new IngestError("database_unavailable", `The corpus database did not answer: ${(error as Error).message}`);
  }
}

/** Connections already set up for vector search (the pool hands the same client objects out again). */
const searchReady = new WeakSet<pg.PoolClient>();

/** The k nearest chunks of the version by cosine distance, through the HNSW index (relaxed order, so sorted again). */
async function nearest(pool: pg.Pool, active: ActiveVersion, query: number[], k: number, labels: number[] | null) {
  const client = await pool.connect();
  try {
    if (!searchReady.has(client)) {
      // Iterative scans keep looking past other versions' rows, so a filtered search still returns k;
      // ef_search 64 as the local store's efSearch.
      await client.query("SET hnsw.iterative_scan = relaxed_order; SET hnsw.ef_search = 64");
      searchReady.add(client);
    }
    const { rows } = await client.query<{ label: number; score: number }>(
      `WITH nearest AS MATERIALIZED (
         SELECT label, embedding <=> $3::vector AS distance FROM corpus_chunks
         WHERE generation = $1 AND added_in <= $2 AND ($5::int[] IS NULL OR label = ANY($5::int[]))
         ORDER BY embedding <=> $3::vector LIMIT $4)
       SELECT label, 1 - distance AS score FROM nearest ORDER BY distance, label`,
      [active.generation, active.version, vectorLiteral(query), k, labels],
    );
    return rows;
  } finally {
    client.release();
  }
}

/**
 * Okapi BM25 over the postings of one version: idf = ln(1 + (N − df + ½) / (df + ½)). N and the
 * average length ($7, $8) are the snapshot's, known when it was loaded; $9 (a scope's labels, or null) filters
 * the ranking, not the document frequencies, as the local BM25 does.
 */
const BM25_SQL = `
WITH postings AS (
  SELECT term, label, tf, doc_length FROM corpus_postings
  WHERE generation = $1 AND added_in <= $2 AND term = ANY($3::text[])
), df AS (
  SELECT term, count(*)::float8 AS df FROM postings GROUP BY term
)
SELECT p.label, sum(
  ln(1 + ($7::float8 - df.df + 0.5) / (df.df + 0.5)) * p.tf * ($5::float8 + 1)
  / (p.tf + $5::float8 * (1 - $6::float8 + $6::float8 * p.doc_length / $8::float8))
) AS score
FROM postings p JOIN df USING (term)
WHERE $9::int[] IS NULL OR p.label = ANY($9::int[])
GROUP BY p.label ORDER BY score DESC, p.label LIMIT $4`;
