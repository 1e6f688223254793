// The configured embedder: the local one, or `OpenAIEmbeddings` against any OpenAI-compatible
// endpoint. Kept out of embed.ts: loading @langchain/openai takes ~2 s, which every ingest worker
// (they embed locally only) would otherwise pay.
import type { Embeddings } from "@langchain/core/embeddings";
import { OpenAIEmbeddings } from "@langchain/openai";
import { LocalHashEmbeddings, type EmbedderSettings } from "./embed.js";
import type { Segmenter } from "./segment.js";

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

export function createEmbeddings(settings: EmbedderSettings, segmenter: Segmenter): Embeddings {
  return settings.kind === "local"
    ? new LocalHashEmbeddings(segmenter, settings.dimensions)
    : createOpenAIEmbeddings(settings);
}
