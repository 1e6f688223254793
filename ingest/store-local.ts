// The local corpus store: the versioned index folder plus the uploaded
// originals under DATA_DIR/uploads. Changes are serialised in this process (a
// queue) and across processes (the index lock); each one is written to disk as
// a new version first and only then applied in memory, so a crash at any
// moment leaves the old version or the new one, and memory never runs ahead of
// the disk. A version written by another process (`npm run ingest`) is picked
// up by refresh(), which `watch()` calls every few seconds.
import { rm } from "node:fs/promises";
import path from "node:path";
import type { CorpusStore, AddedSource, SourceSummary } from "./corpus-store.js";
import { refuseDuplicateSources, summarize } from "./corpus-store.js";
import type { EmbedderSettings } from "./embed.js";
import { IngestError } from "./errors.js";
import type { SourceFile } from "./prepare.js";
import { applyDelta, labelsOf, openSearchIndex, type LocalSearchIndex } from "./search-index.js";
import { sha256, uploadSourceId, type SourceRecord } from "./source-record.js";
import { formatOf } from "./sources/index.js";
import { addDeltas, embedFiles, nextManifest, progressOf, type ProgressListener } from "./store-changes.js";
import { publishDeltas, type Delta } from "./store-delta.js";
import { realDirectory } from "./store-files.js";
import { withIndexLock } from "./store-lock.js";
import { removeOrphanUploads, removeOriginal, storeOriginals } from "./store-uploads.js";
import { itemAt } from "./indexed.js";

export interface LocalStoreOptions {
  indexDir: string;
  /** Uploaded originals are kept in `<dataDir>/uploads`. */
  dataDir: string;
  embedder: EmbedderSettings;
  /** How long a change waits for another writer (default 60 s). */
  lockWaitMs?: number;
  warn?: (message: string) => void;
}

export class LocalCorpusStore implements CorpusStore<LocalSearchIndex> {
  private snapshot?: LocalSearchIndex;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly indexing = new Map<string, SourceSummary>();
  private readonly listeners = new Set<(snapshot: LocalSearchIndex) => void>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: LocalStoreOptions) {}

  get uploadsDir(): string {
    return path.join(this.options.dataDir, "uploads");
  }

  async open(): Promise<LocalSearchIndex> {
    const snapshot = await openSearchIndex(this.options.indexDir, this.options.embedder);
    this.publish(snapshot);
    // Under the lock (skipped when another writer holds it): a writer's stored original is not an orphan yet.
    await withIndexLock(this.options.indexDir, () => removeOrphanUploads(this.uploadsDir, snapshot.manifest), {
      waitMs: 0,
    }).catch((error: unknown) => this.options.warn?.(`Could not tidy ${this.uploadsDir}: ${(error as Error).message}`));
    return snapshot;
  }

  current(): LocalSearchIndex {
    if (!this.snapshot) throw new Error("The corpus store is not open: call open() first.");
    return this.snapshot;
  }

  onSnapshot(listener: (snapshot: LocalSearchIndex) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): SourceSummary[] {
    const ready = this.current().manifest.sources.map((record) => summarize(record));
    return [...this.indexing.values(), ...ready].sort(
      (a, b) => b.addedAt.localeCompare(a.addedAt) || a.name.localeCompare(b.name),
    );
  }

  add(files: SourceFile[], onProgress?: ProgressListener): Promise<AddedSource[]> {
    return this.exclusive(async () => {
      const ids = files.map((file) => uploadSourceId(sha256(file.bytes)));
      refuseDuplicateSources(this.current().manifest.sources, files);
      const now = new Date().toISOString();
      files.forEach((file, i) =>
        this.indexing.set(itemAt(ids, i), {
          sourceId: itemAt(ids, i),
          name: file.name,
          format: formatOf(file.name) ?? "txt",
          bytes: file.bytes.length,
          addedAt: now,
          origin: "upload",
          articles: 0,
          status: "indexing",
        }),
      );
      try {
        return await this.commitUploads(files, ids, onProgress);
      } finally {
        for (const id of ids) this.indexing.delete(id);
      }
    });
  }

  remove(sourceId: string): Promise<SourceSummary> {
    return this.exclusive(() =>
      withIndexLock(
        this.options.indexDir,
        async () => {
          const snapshot = await this.syncWithDisk();
          const record = snapshot.manifest.sources.find((source) => source.sourceId === sourceId);
          if (!record)
            throw new IngestError(
              "source_not_found",
              `No source "${sourceId.slice(0, 120)}". GET /api/sources lists the sources and their ids.`,
            );
          const delta: Delta = {
            kind: "remove",
            sourceId,
            labels: labelsOf(snapshot, sourceId),
            ...(record.origin === "seed" ? { excludedSeed: { name: record.name, sha256: record.sha256 } } : {}),
          };
          await this.publishChange(snapshot, [delta], [], record);
          if (record.origin === "upload") await removeOriginal(this.options.dataDir, record);
          return summarize(record);
        },
        { waitMs: this.options.lockWaitMs },
      ),
    );
  }

  refresh(): Promise<boolean> {
    return this.exclusive(async () => {
      const before = this.snapshot;
      return (await this.syncWithDisk()) !== before;
    });
  }

  /** Check for versions written by other processes every `intervalMs`. */
  watch(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.options.warn?.(`Could not load the new index version: ${(error as Error).message}`),
      );
    }, intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.queue.catch(() => undefined); // closing: each change's failure went to its caller
  }

  /** Run changes one after another; a failed one does not block the next. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined); // the failure goes to the caller through `run`
    return run;
  }

  private publish(snapshot: LocalSearchIndex): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }

  /** The snapshot of the version on disk, loading it when another process replaced ours. */
  private async syncWithDisk(): Promise<LocalSearchIndex> {
    // Unresolvable: not our snapshot's folder, so openSearchIndex below reads it and names what is wrong.
    const onDisk = await realDirectory(this.options.indexDir).catch(() => undefined);
    if (this.snapshot && onDisk === this.snapshot.directory) return this.snapshot;
    const snapshot = await openSearchIndex(this.options.indexDir, this.options.embedder);
    this.publish(snapshot);
    return snapshot;
  }

  private async commitUploads(
    files: SourceFile[],
    ids: string[],
    onProgress?: ProgressListener,
  ): Promise<AddedSource[]> {
    const snapshot = await this.syncWithDisk();
    // Parsing and embedding happen outside the lock: other writers wait only for the commit.
    let embedded = await embedFiles(files, ids, snapshot, onProgress);
    const commit = async () => {
      const base = await this.syncWithDisk();
      // Another process may have added the same file meanwhile.
      refuseDuplicateSources(base.manifest.sources, files);
      // Rebuilt meanwhile (`npm run ingest -- --force`): the embedder's weights changed, so embed again.
      if (base.manifest.builtAt !== snapshot.manifest.builtAt) embedded = await embedFiles(files, ids, base);
      const stored = await storeOriginals(this.options.dataDir, files, embedded);
      try {
        const report = (stage: "index" | "ready") =>
          embedded.forEach(({ record }) =>
            onProgress?.({ ...progressOf(record), stage, done: stage === "ready" ? record.chunks : 0 }),
          );
        report("index");
        await this.publishChange(
          base,
          addDeltas(embedded, base.chunks.length),
          embedded.map((source) => source.record),
        );
        report("ready");
      } catch (error) {
        await Promise.all(stored.map((file) => rm(file, { force: true })));
        throw error;
      }
      return embedded.map((source) => ({
        ...summarize(source.record),
        articles: source.articles.map((article) => ({ docId: article.docId, title: article.title })),
      }));
    };
    return withIndexLock(this.options.indexDir, commit, { waitMs: this.options.lockWaitMs });
  }

  /** Write the change as a new version, then apply it in memory and hand out the new snapshot. */
  private async publishChange(
    base: LocalSearchIndex,
    deltas: Delta[],
    added: SourceRecord[],
    removed?: SourceRecord,
  ): Promise<LocalSearchIndex> {
    const next = nextManifest(base.manifest, added, removed);
    const { manifest, directory } = await publishDeltas(this.options.indexDir, base.manifest, deltas, next);
    let snapshot = base;
    for (const delta of deltas) snapshot = applyDelta(snapshot, delta);
    snapshot = { ...snapshot, manifest, directory };
    this.publish(snapshot);
    return snapshot;
  }
}
