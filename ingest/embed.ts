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
// `EMBEDDINGS=openai` uses `OpenAIEmbeddings` against any OpenAI-compatible endpoint.
import { Embeddings } from "@langchain/core/embeddings";
import { OpenAIEmbeddings } from "@langchain/openai";
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

export class LocalHashEmbeddings extends Embeddings {
  private idfTable: IdfTable = { documents: 0, idf: {} };

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
    const documentFrequency = new Map<string, number>();
    for (const [i, text] of texts.entries()) {
      for (const feature of this.features(text, tokens?.[i]).keys()) {
        documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
      }
    }
    const idf: Record<string, number> = {};
    for (const [feature, df] of documentFrequency) idf[feature] = Math.log((texts.length + 1) / (df + 1)) + 1;
    this.idfTable = { documents: texts.length, idf };
    return this.idfTable;
  }

  useIdf(table: IdfTable): void {
    this.idfTable = table;
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
    // Unseen features get the highest IDF: rare by definition.
    const unseenIdf = Math.log(this.idfTable.documents + 1) + 1;
    for (const [feature, count] of this.features(text, tokens)) {
      const hash = fnv1a(feature);
      const sign = hash & 0x80000000 ? -1 : 1;
      const weight = feature.startsWith("w:") ? WORD_WEIGHT : BIGRAM_WEIGHT;
      const tf = 1 + Math.log(count);
      vector[hash % this.dimensions]! += sign * weight * tf * (this.idfTable.idf[feature] ?? unseenIdf);
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
    return vector;
  }

  /** Feature → occurrence count. Words ("w:") and bigrams ("b:") live in separate namespaces. */
  private features(text: string, tokens = this.segmenter.tokens(text)): Map<string, number> {
    const counts = new Map<string, number>();
    const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
    for (const word of tokens) add(`w:${word}`);
    for (const bigram of charBigrams(text)) add(`b:${bigram}`);
    return counts;
  }
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across runs and machines. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface OpenAIEmbeddingOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
}

export function createOpenAIEmbeddings(options: OpenAIEmbeddingOptions): OpenAIEmbeddings {
  return new OpenAIEmbeddings({
    apiKey: options.apiKey,
    model: options.model,
    configuration: options.baseURL ? { baseURL: options.baseURL } : undefined,
  });
}

export type EmbedderSettings =
  | { kind: "local"; dimensions: number }
  | { kind: "openai"; apiKey: string; baseURL?: string; model: string };

/** What the manifest records for these settings (dimensions 0 = learnt from the first vector). */
export function embedderIdentity(settings: EmbedderSettings): EmbedderIdentity {
  return settings.kind === "local"
    ? { kind: "local", model: LOCAL_EMBEDDER_MODEL, dimensions: settings.dimensions }
    : { kind: "openai", model: settings.model, dimensions: 0 };
}

export function createEmbeddings(settings: EmbedderSettings, segmenter: Segmenter): Embeddings {
  return settings.kind === "local" ? new LocalHashEmbeddings(segmenter, settings.dimensions) : createOpenAIEmbeddings(settings);
}
