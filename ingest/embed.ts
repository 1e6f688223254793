// Embedders behind LangChain's `Embeddings` interface.
//
// `LocalHashEmbeddings` is the offline default: no network, no key, no model
// file. It is a weighted bag of features hashed into a fixed-size vector:
// jieba words (search mode, so 产业链党建 also yields 产业链 and 党建) and
// character bigrams (robust to segmentation mistakes and unknown names), each
// weighted by sublinear term frequency × inverse document frequency fitted on
// the corpus at ingest, signed-hashed to cancel collision bias, L2-normalised.
// Cosine similarity of two such vectors approximates TF-IDF cosine similarity.
//
// `EMBEDDINGS=openai` uses `OpenAIEmbeddings` against any OpenAI-compatible endpoint (embedder-factory.ts,
// apart so that code needing only the local embedder — ingest workers — does not load the OpenAI client, ~2 s).
import { Embeddings } from "@langchain/core/embeddings";
import { charBigrams, type Segmenter } from "./segment.js";

export const LOCAL_EMBEDDER_MODEL = "local-hash-v1";
const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;

export interface EmbedderIdentity {
  kind: "local" | "openai";
  model: string;
  dimensions: number;
}

/** IDF table fitted on the corpus; saved with the index so queries use the same weights. */
export interface IdfTable {
  documents: number;
  idf: Record<string, number>;
}

/** What embedding reads of an IDF table: a fitted one (idfWeights) or a loaded index's packed one (store-codec.ts). */
export interface IdfWeights {
  documents: number;
  /** The feature's IDF, undefined for a feature the corpus never had. */
  weightOf(feature: string): number | undefined;
}

export const idfWeights = (table: IdfTable): IdfWeights => ({
  documents: table.documents,
  weightOf: (feature) => table.idf[feature],
});

export class LocalHashEmbeddings extends Embeddings {
  private idf: IdfWeights = idfWeights({ documents: 0, idf: {} });

  constructor(
    private readonly segmenter: Segmenter,
    readonly dimensions = 2048,
  ) {
    super({});
  }

  /**
   * Learn document frequencies from the texts that will be indexed. `tokens`,
   * when given, are `segmenter.tokens(text)` for each text, already cut (ingest
   * cuts each chunk once and shares the words with BM25).
   */
  fit(texts: string[], tokens?: string[][]): IdfTable {
    const table = idfFromFrequencies(this.documentFrequencies(texts, tokens), texts.length);
    this.idf = idfWeights(table);
    return table;
  }

  /** Feature → number of `texts` holding it, in the order features are first seen. */
  private documentFrequencies(texts: readonly string[], tokens?: readonly string[][]): Map<string, number> {
    const documentFrequency = new Map<string, number>();
    for (const [i, text] of texts.entries()) {
      for (const feature of this.features(text, tokens?.[i]).keys()) {
        documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
      }
    }
    return documentFrequency;
  }

  useIdf(weights: IdfWeights): void {
    this.idf = weights;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.vector(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }

  /** Synchronous form, for callers that embed in a hot loop. */
  vector(text: string, tokens?: string[]): number[] {
    return Array.from(this.unitVector(text, tokens));
  }

  /** The vector as a Float64Array; `tokens` as in `fit`. */
  unitVector(text: string, tokens?: string[]): Float64Array {
    const vector = new Float64Array(this.dimensions);
    const unseen = unseenIdf(this.idf);
    for (const [feature, count] of this.features(text, tokens))
      addFeature(vector, fnv1a(feature), feature.startsWith("w:"), count, this.idf.weightOf(feature) ?? unseen);
    return normalise(vector);
  }

  /**
   * Feature → occurrence count. Words ("w:") and bigrams ("b:") live in separate namespaces.
   * feature-table.ts counts the same features for ingest (tested equal: parallel-ingest.test.ts).
   */
  private features(text: string, tokens = this.segmenter.tokens(text)): Map<string, number> {
    const counts = new Map<string, number>();
    const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
    for (const word of tokens) add(`w:${word}`);
    for (const bigram of charBigrams(text)) add(`b:${bigram}`);
    return counts;
  }
}

/** Unseen features get the highest IDF: rare by definition. */
export const unseenIdf = (table: { documents: number }): number => Math.log(table.documents + 1) + 1;

/**
 * One feature's share of a vector, signed-hashed into its slot. unitVector and the ingest
 * workers (shard-builder.ts, from precomputed hashes) both add through here, in the features'
 * order, so their vectors are the same to the last bit.
 */
export function addFeature(vector: Float64Array, hash: number, isWord: boolean, count: number, idf: number): void {
  const sign = hash & 0x80000000 ? -1 : 1;
  const weight = isWord ? WORD_WEIGHT : BIGRAM_WEIGHT;
  const tf = 1 + Math.log(count);
  vector[hash % vector.length]! += sign * weight * tf * idf;
}

/** L2-normalised in place (the zero vector stays zero). */
export function normalise(vector: Float64Array): Float64Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}

/** The IDF table of document frequencies over `documents` texts (LocalHashEmbeddings.fit). */
export function idfFromFrequencies(documentFrequency: ReadonlyMap<string, number>, documents: number): IdfTable {
  const idf: Record<string, number> = {};
  for (const [feature, df] of documentFrequency) idf[feature] = Math.log((documents + 1) / (df + 1)) + 1;
  return { documents, idf };
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across runs and machines. */
export function fnv1a(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export type EmbedderSettings =
  | {
      kind: "local";
      dimensions: number;
      /** Chunks above which a full build leaves the vectors out (BM25 alone); unset: always built. */
      vectorLimit?: number;
    }
  | { kind: "openai"; apiKey: string; baseURL?: string; model: string };

/**
 * Whether a full build of `chunks` chunks makes vectors. A model's vectors always; the hashed local
 * ones only up to the configured limit: they are a second bag of words, which the fusion measurably
 * uses up to 1000× the seeds, while at 10,000× they find nothing (README "Scale") yet take most of
 * the ingest time and memory.
 */
export function buildsVectors(settings: EmbedderSettings, chunks: number): boolean {
  return settings.kind !== "local" || settings.vectorLimit === undefined || chunks <= settings.vectorLimit;
}

/** What the manifest records for these settings (dimensions 0 = learnt from the first vector). */
export function embedderIdentity(settings: EmbedderSettings): EmbedderIdentity {
  return settings.kind === "local"
    ? { kind: "local", model: LOCAL_EMBEDDER_MODEL, dimensions: settings.dimensions }
    : { kind: "openai", model: settings.model, dimensions: 0 };
}
