// The ingest pipeline: load → clean → split into articles → chunk → embed →
// write index. Each stage is its own module; this one only runs them in order,
// times them, reports progress, and skips the work when nothing changed.
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { splitArticles, type Article } from "./articles.js";
import { Bm25Index } from "./bm25.js";
import { chunkArticle, DEFAULT_CHUNK_OPTIONS, type Chunk, type ChunkOptions } from "./chunk.js";
import { cleanPage } from "./clean.js";
import { createEmbeddings, embedderIdentity, LocalHashEmbeddings, type EmbedderSettings, type IdfTable } from "./embed.js";
import { IngestError } from "./errors.js";
import { loadSeeds, sha256, type RejectedFile } from "./load.js";
import { Segmenter } from "./segment.js";
import { INDEX_FORMAT_VERSION, readManifest, writeIndex, type HnswParameters } from "./store.js";
import { buildUserDictionary } from "./user-dict.js";

export interface IngestOptions {
  seedsDir: string;
  indexDir: string;
  embedder: EmbedderSettings;
  hnsw: Omit<HnswParameters, "space">;
  chunking?: ChunkOptions;
  /** Rebuild even when seeds and settings are unchanged. */
  force?: boolean;
  /** Leave out unreadable seed files instead of stopping. */
  skipInvalid?: boolean;
  onProgress?: (progress: { stage: string; done: number; total: number }) => void;
}

export interface IngestSummary {
  upToDate: boolean;
  files: number;
  articles: number;
  chunks: number;
  rejected: RejectedFile[];
  ms: number;
  stageMs: Record<string, number>;
  indexDir: string;
}

const EMBED_BATCH = 64;

/** Text embedded and indexed for a chunk: its article title gives it context. */
export function embeddingText(article: Pick<Article, "title">, chunk: Pick<Chunk, "text">): string {
  return `${article.title}\n${chunk.text}`;
}

export async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const stageMs: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T> | T): Promise<T> => {
    const stageStart = performance.now();
    const result = await work();
    stageMs[stage] = Math.round(performance.now() - stageStart);
    return result;
  };
  const chunking = options.chunking ?? DEFAULT_CHUNK_OPTIONS;
  const hnsw: HnswParameters = { space: "cosine", ...options.hnsw };

  const { files, rejected } = await timed("load", () => loadSeeds(options.seedsDir, { skipInvalid: options.skipInvalid }));
  const seeds = files.map(({ name, sha256: checksum, bytes }) => ({ name, sha256: checksum, bytes }));
  const settingsKey = await computeSettingsKey(options.embedder, chunking, hnsw);
  const previous = await readManifest(options.indexDir).catch(() => undefined);
  if (!options.force && previous?.settingsKey === settingsKey && JSON.stringify(previous.seeds) === JSON.stringify(seeds)) {
    const counts = previous.counts;
    return { upToDate: true, files: counts.files, articles: counts.articles, chunks: counts.chunks, rejected, ms: Math.round(performance.now() - started), stageMs, indexDir: options.indexDir };
  }

  const articles = await timed("clean+split", () => files.flatMap((file) => splitArticles(cleanPage(file.text), file.name)));
  const userDictionary = buildUserDictionary(articles);
  const segmenter = new Segmenter(userDictionary);
  const articleById = new Map(articles.map((article) => [article.docId, article]));
  const chunks = await timed("chunk", () => articles.flatMap((article) => chunkArticle(article, chunking)));
  const texts = chunks.map((chunk) => embeddingText(articleById.get(chunk.docId)!, chunk));

  const embeddings = createEmbeddings(options.embedder, segmenter);
  const identity = embedderIdentity(options.embedder);
  let idf: IdfTable | undefined;
  // Each chunk is cut by jieba once: the local embedder and BM25 share the words.
  let tokens: string[][] = [];
  // Float32Array: what hnswlib stores anyway, at half the memory and off the JS heap.
  const vectors = await timed("embed", async () => {
    const out: Float32Array[] = [];
    if (embeddings instanceof LocalHashEmbeddings) {
      tokens = texts.map((text) => segmenter.tokens(text));
      idf = embeddings.fit(texts, tokens);
      for (let i = 0; i < texts.length; i++) {
        out.push(Float32Array.from(embeddings.unitVector(texts[i]!, tokens[i])));
        if ((i + 1) % EMBED_BATCH === 0 || i + 1 === texts.length) options.onProgress?.({ stage: "embed", done: i + 1, total: texts.length });
      }
      return out;
    }
    for (let i = 0; i < texts.length; i += EMBED_BATCH) {
      try {
        for (const vector of await embeddings.embedDocuments(texts.slice(i, i + EMBED_BATCH))) out.push(Float32Array.from(vector));
      } catch (error) {
        throw new IngestError("embedder_unavailable", `The ${identity.kind} embedder failed: ${(error as Error).message}. Check OPENAI_BASE_URL / OPENAI_API_KEY, or use EMBEDDINGS=local. The existing index was not changed.`);
      }
      options.onProgress?.({ stage: "embed", done: Math.min(texts.length, i + EMBED_BATCH), total: texts.length });
    }
    return out;
  });
  const lexical = await timed("lexical", () => Bm25Index.build(tokens.length === texts.length ? tokens : texts.map((text) => segmenter.tokens(text))).toJSON());

  await timed("write", () =>
    writeIndex(
      options.indexDir,
      { articles, chunks, lexical, idf, userDictionary, vectors, embeddedTexts: texts },
      {
        formatVersion: INDEX_FORMAT_VERSION,
        builtAt: new Date().toISOString(),
        buildMs: Math.round(performance.now() - started),
        settingsKey,
        embedder: { ...identity, dimensions: vectors[0]?.length ?? identity.dimensions },
        chunking,
        hnsw,
        counts: { files: files.length, articles: articles.length, chunks: chunks.length, userWords: userDictionary.split("\n").filter(Boolean).length },
        seeds,
      },
      embeddings,
    ),
  );
  return { upToDate: false, files: files.length, articles: articles.length, chunks: chunks.length, rejected, ms: Math.round(performance.now() - started), stageMs, indexDir: options.indexDir };
}

/**
 * A fingerprint of everything besides the seeds that shapes the index: the
 * settings and the ingest code itself, so a changed cleaner never leaves a
 * stale index behind an "up to date".
 */
async function computeSettingsKey(embedder: EmbedderSettings, chunking: ChunkOptions, hnsw: HnswParameters): Promise<string> {
  const ingestDir = path.dirname(fileURLToPath(import.meta.url));
  const sources: string[] = [];
  for (const name of (await readdir(ingestDir)).sort()) {
    if (/\.(ts|txt)$/.test(name) && !name.endsWith(".test.ts")) sources.push(await readFile(path.join(ingestDir, name), "utf8"));
  }
  // The one lexicon that shapes the index (jieba's user words); the others are read at answer time.
  sources.push(await readFile(path.join(ingestDir, "lexicons", "domain-terms.txt"), "utf8"));
  const embedderKey = embedder.kind === "local" ? embedder : { kind: embedder.kind, model: embedder.model, baseURL: embedder.baseURL };
  return sha256(JSON.stringify({ INDEX_FORMAT_VERSION, embedderKey, chunking, hnsw, code: sha256(sources.join("\0")) }));
}
