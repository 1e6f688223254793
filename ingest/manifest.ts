// The index's manifest (manifest.json of a version folder): what was built, from what, with
// which settings. Its own module: the delta and graph modules read it, and the store that
// writes and checks it (store.ts) imports them.
import type { ChunkOptions } from "./chunk.js";
import type { EmbedderIdentity } from "./embed.js";
import type { SourceRecord } from "./source-record.js";

export const INDEX_FORMAT_VERSION = 4;

export interface HnswParameters {
  space: "cosine";
  m: number;
  efConstruction: number;
  efSearch: number;
}

export interface SeedEntry {
  name: string;
  sha256: string;
  bytes: number;
}

export interface Manifest {
  formatVersion: number;
  builtAt: string;
  buildMs: number;
  /** Last change (a full build or a delta). */
  updatedAt: string;
  /** Fingerprint of everything that shapes the index besides the sources. */
  settingsKey: string;
  embedder: EmbedderIdentity;
  chunking: ChunkOptions;
  hnsw: HnswParameters;
  /** What is searchable now (deleted sources not counted). */
  counts: { files: number; articles: number; chunks: number; userWords: number };
  /** The seed files in the index, for the up-to-date check. */
  seeds: SeedEntry[];
  sources: SourceRecord[];
  /** Seed files removed through the API: left out of rebuilds while their content is the same. */
  excludedSeeds: Array<{ name: string; sha256: string }>;
  /** Delta files, applied in this order after the full build. */
  deltas: string[];
  /** Labels used so far (the next chunk gets this one). */
  labels: number;
  /** Relative path → checksum ("<bytes>:<crc32>", file-checksum.ts) of every index file. */
  files: Record<string, string>;
  /** The HNSW graph's shards (vector-graph.ts): each file and the first label it holds. */
  graphShards: GraphShardEntry[];
  /**
   * false: built without vectors (the local embedder over more chunks than LOCAL_VECTOR_LIMIT);
   * the graph shards are empty, uploads add no vectors, retrieval is BM25 alone.
   */
  vectors: boolean;
}

export interface GraphShardEntry {
  file: string;
  firstLabel: number;
}
