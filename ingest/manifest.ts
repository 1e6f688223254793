// The index's manifest (manifest.json of a version folder): what was built, from what, with
// which settings. Its own module: the delta and graph modules read and write it, and the store that
// checks it (store.ts) imports them.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { ChunkOptions } from "./chunk.js";
import type { EmbedderIdentity } from "./embed.js";
import type { SourceRecord } from "./source-record.js";

export const INDEX_FORMAT_VERSION = 5;
/** Formats this version reads: 4 kept every source in manifest.json (and is rebuilt at the next full build). */
export const READABLE_FORMATS: readonly number[] = [4, 5];

/**
 * The sources of the last full build, beside manifest.json (format 5): a change shares it with the version
 * before (a hard link) and writes only what changed since the build (Manifest.sourceChanges), where
 * rewriting every source into each version's manifest was ~250 ms of a change at 10,000× the seeds.
 */
export const SOURCES_FILE = "sources.json";

/** Sources added and removed since the full build (local store, format 5). */
export interface SourceChanges {
  /** In the order they were added; one removed later is taken out again. */
  added: SourceRecord[];
  /** Sources of the full build removed since. */
  removed: string[];
}

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
  /** Every source now searchable (in a local index's folder: SOURCES_FILE with sourceChanges applied). */
  sources: SourceRecord[];
  /** The local store's changes to SOURCES_FILE since the full build; absent in the PostgreSQL store. */
  sourceChanges?: SourceChanges;
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

/** The searchable sources: the build's without those removed since, then those added since. */
export function applySourceChanges(built: readonly SourceRecord[], changes: SourceChanges): SourceRecord[] {
  const removed = new Set(changes.removed);
  return [...built.filter((record) => !removed.has(record.sourceId)), ...changes.added];
}

/**
 * manifest.json of a version folder: the manifest without its sources, which are SOURCES_FILE and
 * `sourceChanges` (format 5). Compact: it is written for every change.
 */
export async function writeManifestFile(directory: string, manifest: Manifest): Promise<void> {
  const { sources: _sources, ...stored } = manifest;
  await writeFile(path.join(directory, "manifest.json"), JSON.stringify(stored));
}
