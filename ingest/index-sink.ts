// Where a full ingest reads the previous index from and writes the new one to:
// the versioned index folder (the default, under its lock file), or the
// PostgreSQL store (ingest/postgres/write.ts, under the database's writer
// lease). The pipeline only talks to this interface. The two want different
// builds: the folder takes the HNSW graph shards built on worker threads
// (embed-index.ts); the database indexes vectors itself (pgvector), so it takes
// each chunk's vector and words instead.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Article } from "./articles.js";
import type { Chunk } from "./chunk.js";
import type { IdfTable } from "./embed.js";
import type { SourceRecord } from "./source-record.js";
import { withIndexLock } from "./store-lock.js";
import { readUploadRecords, storeUploadRecord } from "./store-uploads.js";
import { readManifest, writeIndex, type IndexContents, type Manifest } from "./store.js";

/** A full build's manifest before the store adds what only it knows (files, labels, graph shards). */
export type BuiltManifest = Omit<Manifest, "files" | "deltas" | "labels" | "graphShards">;

/** What a store that indexes in SQL takes: each chunk's vector and words beside the corpus. */
export interface RowContents {
  articles: Article[];
  chunks: Chunk[];
  idf?: IdfTable;
  userDictionary: string;
  /** One vector per chunk. */
  vectors: ArrayLike<number>[];
  /** Each chunk's words, as BM25 counts them. */
  tokens: string[][];
}

interface SinkBase {
  /** For messages: "the database", or the folder. */
  describe: string;
  /** Run the whole ingest as the only writer (the folder's lock file, the database's writer lease). */
  exclusive<T>(work: () => Promise<T>, onWait?: (holderPid: number) => void): Promise<T>;
  previousManifest(): Promise<Manifest | undefined>;
  /**
   * The uploads kept without a readable manifest to list them (the folder: the records beside
   * the originals; the database keeps its sources in its own rows, so none), for a rebuild.
   */
  keptUploads(): Promise<SourceRecord[]>;
  /** The kept original of an uploaded source (undefined when it is missing). */
  readUpload(record: SourceRecord): Promise<Buffer | undefined>;
}

/** The versioned index folder: the graph shards and the binary tables. */
export interface GraphSink extends SinkBase {
  takes: "graph";
  /** Where the shards are built before write() moves them into the new version. */
  indexDir: string;
  write(contents: IndexContents, manifest: BuiltManifest): Promise<void>;
}

/** A store that indexes rows itself (PostgreSQL + pgvector). */
export interface RowSink extends SinkBase {
  takes: "rows";
  write(
    contents: RowContents,
    manifest: BuiltManifest,
    /** The uploaded originals read back, by source id (the database keeps them beside their rows). */
    originals: Map<string, Buffer>,
  ): Promise<void>;
}

export type IndexSink = GraphSink | RowSink;

export function folderSink(indexDir: string, uploadsDir: string): GraphSink {
  return {
    takes: "graph",
    describe: indexDir,
    indexDir,
    exclusive: (work, onWait) => withIndexLock(indexDir, work, { onWait }),
    // A broken or older index is rebuilt, not trusted; said, so the full rebuild is no mystery.
    previousManifest: () =>
      readManifest(indexDir).catch((error: unknown) => {
        console.warn(`The index at ${indexDir} is rebuilt from the sources: ${(error as Error).message}`);
        return undefined;
      }),
    readUpload: (record) =>
      readFile(path.join(uploadsDir, path.basename(record.file))).catch((error: NodeJS.ErrnoException) => {
        // Missing is reported by the caller; any other failure (permissions, I/O) is named here first.
        if (error.code !== "ENOENT")
          console.warn(`The uploaded original ${record.file} cannot be read: ${error.message}`);
        return undefined;
      }),
    keptUploads: () => readUploadRecords(uploadsDir, (message) => console.warn(message)),
    async write(contents, manifest) {
      await writeIndex(indexDir, contents, manifest);
      // After the version is published: a record lost to a crash here is rewritten by the next build.
      for (const record of manifest.sources.filter((source) => source.origin === "upload"))
        await storeUploadRecord(path.join(uploadsDir, path.basename(record.file)), record);
    },
  };
}
