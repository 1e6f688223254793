// The corpus operations the product needs, behind one small interface: list
// the sources, add uploaded files, remove a source, and hand out the current
// searchable snapshot (with a way to hear of the next one). The local store
// (store-local.ts: hnswlib + BM25 files under DATA_DIR) implements it; a
// PostgreSQL + pgvector store can implement the same operations.
import { IngestError } from "./errors.js";
import { sha256, type SourceRecord } from "./source-record.js";
import type { SourceFile } from "./prepare.js";

export type { SourceFile } from "./prepare.js";

/** A source as the API lists it. */
export interface SourceSummary extends Omit<SourceRecord, "articles" | "chunks" | "sha256" | "file"> {
  articles: number;
  status: "ready" | "indexing";
}

/** A source just added, with the articles it brought. */
export interface AddedSource extends Omit<SourceSummary, "articles"> {
  articles: Array<{ docId: string; title: string }>;
}

export interface SourceProgress {
  sourceId: string;
  name: string;
  stage: "parse" | "embed" | "index" | "ready";
  done: number;
  total: number;
}

export interface CorpusStore<Snapshot> {
  /** Open the current version (build nothing); resolves with its snapshot. */
  open(): Promise<Snapshot>;
  /** The snapshot new requests should use. */
  current(): Snapshot;
  /** Called with each new snapshot; returns the unsubscribe function. */
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  list(): SourceSummary[];
  /** Add files as new sources, all or none; resolves once they are searchable. */
  add(files: SourceFile[], onProgress?: (progress: SourceProgress) => void): Promise<AddedSource[]>;
  /** Remove a source; its articles are not retrieved by any request that starts afterwards. */
  remove(sourceId: string): Promise<SourceSummary>;
  /** Pick up a version another process wrote (`npm run ingest`); true when the snapshot changed. */
  refresh(): Promise<boolean>;
  /** Keep following versions written elsewhere (every `intervalMs`, or by notification). */
  watch(intervalMs: number): void;
  close(): Promise<void>;
}

export function summarize(record: SourceRecord, status: SourceSummary["status"] = "ready"): SourceSummary {
  return {
    sourceId: record.sourceId,
    name: record.name,
    ...(record.title ? { title: record.title } : {}),
    format: record.format,
    bytes: record.bytes,
    addedAt: record.addedAt,
    origin: record.origin,
    ...(record.encoding ? { encoding: record.encoding } : {}),
    articles: record.articles,
    status,
  };
}

/**
 * Files with the same bytes as a source of `sources` (a snapshot's list), or twice in one upload: refused
 * by name. The checksum map is made once per list (64,000 sources at 10,000× the seeds: ~30 ms, twice
 * per upload before).
 */
export function refuseDuplicateSources(sources: readonly SourceRecord[], files: SourceFile[]): void {
  let known = namesByChecksum.get(sources);
  if (!known) namesByChecksum.set(sources, (known = new Map(sources.map((record) => [record.sha256, record.name]))));
  const seen = new Map<string, string>();
  for (const file of files) {
    const checksum = sha256(file.bytes);
    const existing = known.get(checksum);
    const twin = seen.get(checksum);
    if (existing !== undefined || twin !== undefined) {
      const where = existing !== undefined ? ` as "${existing}"` : ` (the same file as ${twin})`;
      throw new IngestError("duplicate_source", `${file.name} is already in the library${where}. 该文件已在资料库中。`);
    }
    seen.set(checksum, file.name);
  }
}

const namesByChecksum = new WeakMap<readonly SourceRecord[], Map<string, string>>();
