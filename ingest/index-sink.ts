// Where a full ingest reads the previous index from and writes the new one to:
// the versioned index folder (the default, under its lock file), or the
// PostgreSQL store (ingest/postgres/write.ts, under the database's writer
// lease). The pipeline only talks to this interface.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { createEmbeddings } from "./embed.js";
import type { SourceRecord } from "./source-record.js";
import { withIndexLock } from "./store-lock.js";
import { readManifest, writeIndex, type IndexContents, type Manifest } from "./store.js";

/** Where a full ingest reads the previous manifest from and writes the new index to. */
export interface IndexSink {
  /** For messages: "the database", or the folder. */
  describe: string;
  /** Run the whole ingest as the only writer (the folder's lock file, the database's writer lease). */
  exclusive<T>(work: () => Promise<T>, onWait?: (holderPid: number) => void): Promise<T>;
  previousManifest(): Promise<Manifest | undefined>;
  /** The kept original of an uploaded source (undefined when it is missing). */
  readUpload(record: SourceRecord): Promise<Buffer | undefined>;
  write(
    contents: IndexContents,
    manifest: Omit<Manifest, "files" | "deltas" | "labels">,
    extras: {
      embeddings: ReturnType<typeof createEmbeddings>;
      /** Each chunk's words, as BM25 counts them. */
      tokens: string[][];
      /** The uploaded originals read back, by source id (the database keeps them beside their rows). */
      originals: Map<string, Buffer>;
    },
  ): Promise<void>;
}

export function folderSink(indexDir: string, uploadsDir: string): IndexSink {
  return {
    describe: indexDir,
    exclusive: (work, onWait) => withIndexLock(indexDir, work, { onWait }),
    // A broken or older index is rebuilt, not trusted.
    previousManifest: () => readManifest(indexDir).catch(() => undefined),
    readUpload: (record) => readFile(path.join(uploadsDir, path.basename(record.file))).catch(() => undefined),
    write: (contents, manifest, { embeddings }) => writeIndex(indexDir, contents, manifest, embeddings),
  };
}
