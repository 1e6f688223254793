// From a parsed document to what the index stores: clean → articles → chunks
// (shared by the full ingest and by uploads), and, for one upload, the whole
// way through embedding with the index's fitted embedder. `prepareUpload` is
// one async function over plain inputs so it can move into a worker thread
// later; nothing in it touches the index.
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { splitArticles, type Article } from "./articles.js";
import { chunkArticle, type Chunk, type ChunkOptions } from "./chunk.js";
import { cleanPage } from "./clean.js";
import { LocalHashEmbeddings } from "./embed.js";
import { IngestError } from "./errors.js";
import type { Segmenter } from "./segment.js";
import { readableSourceName, sha256, uploadSourceId, type SourceRecord } from "./source-record.js";
import { parseDocument, type ParsedDocument } from "./sources/index.js";
import { itemAt, mustGet } from "./indexed.js";

export interface SourceFile {
  name: string;
  bytes: Uint8Array;
}

export interface PreparedSource {
  record: SourceRecord;
  articles: Article[];
  chunks: Chunk[];
}

export interface EmbeddedSource extends PreparedSource {
  /** One vector per chunk, in order. */
  vectors: Float32Array[];
  /** BM25 words of each chunk. */
  tokens: string[][];
}

export interface PrepareProgress {
  stage: "parse" | "embed";
  done: number;
  total: number;
}

const EMBED_BATCH = 64;

/** Text embedded and indexed for a chunk: its article title gives it context. */
export function embeddingText(article: Pick<Article, "title">, chunk: Pick<Chunk, "text">): string {
  return `${article.title}\n${chunk.text}`;
}

/** The articles of one parsed source; its record's title and article count are filled in. */
export function splitSource(parsed: ParsedDocument, record: Omit<SourceRecord, "articles" | "chunks">): PreparedSource {
  const split = splitArticles(cleanPage(parsed.text), {
    sourceId: record.sourceId,
    source: record.file,
    sourceName: record.name,
  });
  if (split.length === 0) {
    throw new IngestError(
      "empty_document",
      `${record.name} holds no article text (only headings, captions or page furniture). Check that it is the page itself.`,
    );
  }
  // A page without a title of its own is known by its lead article.
  const title = record.title ?? parsed.title ?? itemAt(split, 0).title;
  const sourceName = readableSourceName(record.name, title);
  const articles = split.map((article) => ({ ...article, sourceName }));
  return { record: { ...record, title, articles: articles.length, chunks: 0 }, articles, chunks: [] };
}

/** The source with its articles chunked. */
export function chunkSource(source: PreparedSource, chunking: ChunkOptions): PreparedSource {
  const chunks = source.articles.flatMap((article) => chunkArticle(article, chunking));
  return { ...source, record: { ...source.record, chunks: chunks.length }, chunks };
}

export function prepareSource(
  parsed: ParsedDocument,
  record: Omit<SourceRecord, "articles" | "chunks">,
  chunking: ChunkOptions,
): PreparedSource {
  return chunkSource(splitSource(parsed, record), chunking);
}

export interface UploadEnvironment {
  embeddings: EmbeddingsInterface;
  segmenter: Segmenter;
  chunking: ChunkOptions;
  /** false: the index has no vectors (Manifest.vectors), so none are made. */
  vectors?: boolean;
  now?: () => Date;
}

/** Parse, split, chunk and embed one uploaded file against the index's embedder. */
export async function prepareUpload(
  file: SourceFile,
  env: UploadEnvironment,
  onProgress?: (progress: PrepareProgress) => void,
): Promise<EmbeddedSource> {
  onProgress?.({ stage: "parse", done: 0, total: 1 });
  const parsed = await parseDocument(file.bytes, file.name);
  const checksum = sha256(file.bytes);
  const sourceId = uploadSourceId(checksum);
  const extension = parsed.format === "md" ? "md" : parsed.format;
  const prepared = prepareSource(
    parsed,
    {
      sourceId,
      name: file.name,
      ...(parsed.title ? { title: parsed.title } : {}),
      format: parsed.format,
      bytes: file.bytes.length,
      sha256: checksum,
      addedAt: (env.now?.() ?? new Date()).toISOString(),
      origin: "upload",
      file: `uploads/${sourceId}.${extension}`,
      ...(parsed.encoding ? { encoding: parsed.encoding } : {}),
    },
    env.chunking,
  );
  onProgress?.({ stage: "parse", done: 1, total: 1 });
  const byId = new Map(prepared.articles.map((article) => [article.docId, article]));
  const texts = prepared.chunks.map((chunk) => embeddingText(mustGet(byId, chunk.docId, "articles by id"), chunk));
  const tokens = texts.map((text) => env.segmenter.tokens(text));
  const local = env.embeddings instanceof LocalHashEmbeddings ? env.embeddings : undefined;
  const vectors: Float32Array[] = [];
  for (let i = 0; env.vectors !== false && i < texts.length; i += EMBED_BATCH) {
    const batch = texts.slice(i, i + EMBED_BATCH);
    const embedded = local
      ? batch.map((text, j) => local.unitVector(text, tokens[i + j]))
      : await env.embeddings.embedDocuments(batch).catch((error: unknown) => {
          throw new IngestError(
            "embedder_unavailable",
            `The embedder failed: ${(error as Error).message}. Check OPENAI_BASE_URL / OPENAI_API_KEY. Nothing was added.`,
          );
        });
    for (const vector of embedded) vectors.push(Float32Array.from(vector));
    onProgress?.({ stage: "embed", done: Math.min(texts.length, i + EMBED_BATCH), total: texts.length });
  }
  return { ...prepared, vectors, tokens };
}
