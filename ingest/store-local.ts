// The local corpus store: the versioned index folder plus the uploaded
// originals under DATA_DIR/uploads. Changes are serialised in this process (a
// queue) and across processes (the index lock); each one is written to disk as
// a new version first and only then applied in memory, so a crash at any
// moment leaves the old version or the new one, and memory never runs ahead of
// the disk. A version written by another process (`npm run ingest`) is picked
// up by refresh(), which `watch()` calls every few seconds.
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CorpusStore, AddedSource, SourceProgress, SourceSummary } from "./corpus-store.js";
import { summarize } from "./corpus-store.js";
import type { EmbedderSettings } from "./embed.js";
import { IngestError } from "./errors.js";
import { prepareUpload, type EmbeddedSource, type SourceFile } from "./prepare.js";
import { applyDelta, labelsOf, openSearchIndex, type SearchIndex } from "./search-index.js";
import { sha256, uploadSourceId, type SourceRecord } from "./source-record.js";
import { formatOf } from "./sources/index.js";
import { encodeVectors, publishDeltas, type AddDelta, type Delta } from "./store-delta.js";
import { isAlive, realDirectory } from "./store-files.js";
import { withIndexLock } from "./store-lock.js";
import type { Manifest } from "./store.js";

export interface LocalStoreOptions {
  indexDir: string;
  /** Uploaded originals are kept in `<dataDir>/uploads`. */
  dataDir: string;
  embedder: EmbedderSettings;
  /** How long a change waits for another writer (default 60 s). */
  lockWaitMs?: number;
  warn?: (message: string) => void;
}

export class LocalCorpusStore implements CorpusStore<SearchIndex> {
  private snapshot?: SearchIndex;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly indexing = new Map<string, SourceSummary>();
  private readonly listeners = new Set<(snapshot: SearchIndex) => void>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: LocalStoreOptions) {}

  get uploadsDir(): string {
    return path.join(this.options.dataDir, "uploads");
  }

  async open(): Promise<SearchIndex> {
    const snapshot = await openSearchIndex(this.options.indexDir, this.options.embedder);
    this.publish(snapshot);
    // Under the lock (skipped when another writer holds it): a writer's stored original is not an orphan yet.
    await withIndexLock(this.options.indexDir, () => this.removeOrphanUploads(snapshot.manifest), { waitMs: 0 }).catch(
      (error: unknown) => this.options.warn?.(`Could not tidy ${this.uploadsDir}: ${(error as Error).message}`),
    );
    return snapshot;
  }

  current(): SearchIndex {
    if (!this.snapshot) throw new Error("The corpus store is not open: call open() first.");
    return this.snapshot;
  }

  onSnapshot(listener: (snapshot: SearchIndex) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): SourceSummary[] {
    const ready = this.current().manifest.sources.map((record) => summarize(record));
    return [...this.indexing.values(), ...ready].sort(
      (a, b) => b.addedAt.localeCompare(a.addedAt) || a.name.localeCompare(b.name),
    );
  }

  add(files: SourceFile[], onProgress?: (progress: SourceProgress) => void): Promise<AddedSource[]> {
    return this.exclusive(async () => {
      const ids = files.map((file) => uploadSourceId(sha256(file.bytes)));
      this.refuseDuplicates(files, ids);
      const now = new Date().toISOString();
      files.forEach((file, i) =>
        this.indexing.set(ids[i]!, {
          sourceId: ids[i]!,
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
          if (record.origin === "upload") await rm(path.join(this.options.dataDir, record.file), { force: true });
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
    await this.queue.catch(() => undefined);
  }

  /** Run changes one after another; a failed one does not block the next. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private publish(snapshot: SearchIndex): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }

  /** The snapshot of the version on disk, loading it when another process replaced ours. */
  private async syncWithDisk(): Promise<SearchIndex> {
    const onDisk = await realDirectory(this.options.indexDir).catch(() => undefined);
    if (this.snapshot && onDisk === this.snapshot.directory) return this.snapshot;
    const snapshot = await openSearchIndex(this.options.indexDir, this.options.embedder);
    this.publish(snapshot);
    return snapshot;
  }

  private refuseDuplicates(files: SourceFile[], ids: string[]): void {
    const known = new Map(this.current().manifest.sources.map((record) => [record.sha256, record]));
    const seen = new Map<string, string>();
    files.forEach((file, i) => {
      const checksum = sha256(file.bytes);
      const existing =
        known.get(checksum) ?? (this.indexing.has(ids[i]!) ? { name: this.indexing.get(ids[i]!)!.name } : undefined);
      const twin = seen.get(checksum);
      if (existing || twin) {
        throw new IngestError(
          "duplicate_source",
          `${file.name} is already in the library${existing ? ` as "${existing.name}"` : ` (the same file as ${twin})`}. 该文件已在资料库中。`,
        );
      }
      seen.set(checksum, file.name);
    });
  }

  private async commitUploads(
    files: SourceFile[],
    ids: string[],
    onProgress?: (progress: SourceProgress) => void,
  ): Promise<AddedSource[]> {
    const embedded: EmbeddedSource[] = [];
    const snapshot = await this.syncWithDisk();
    for (const [i, file] of files.entries()) {
      const report = (stage: SourceProgress["stage"], done: number, total: number) =>
        onProgress?.({ sourceId: ids[i]!, name: file.name, stage, done, total });
      const env = {
        embeddings: snapshot.embeddings,
        segmenter: snapshot.segmenter,
        chunking: snapshot.manifest.chunking,
      };
      embedded.push(
        await prepareUpload(file, env, (progress) => report(progress.stage, progress.done, progress.total)),
      );
    }
    return withIndexLock(
      this.options.indexDir,
      async () => {
        let base = await this.syncWithDisk();
        if (base.manifest.builtAt !== snapshot.manifest.builtAt) {
          // Rebuilt meanwhile (`npm run ingest -- --force`): the embedder's weights changed, so embed again.
          embedded.length = 0;
          for (const file of files)
            embedded.push(
              await prepareUpload(file, {
                embeddings: base.embeddings,
                segmenter: base.segmenter,
                chunking: base.manifest.chunking,
              }),
            );
          base = this.current();
        }
        const stored = await this.storeOriginals(files, embedded);
        try {
          let label = base.chunks.length;
          const deltas: AddDelta[] = embedded.map((source) => {
            const delta: AddDelta = {
              kind: "add",
              source: source.record,
              articles: source.articles,
              chunks: source.chunks,
              firstLabel: label,
              vectors: encodeVectors(source.vectors),
            };
            label += source.chunks.length;
            return delta;
          });
          embedded.forEach((source) =>
            onProgress?.({
              sourceId: source.record.sourceId,
              name: source.record.name,
              stage: "index",
              done: 0,
              total: source.chunks.length,
            }),
          );
          await this.publishChange(
            base,
            deltas,
            embedded.map((source) => source.record),
          );
          embedded.forEach((source) =>
            onProgress?.({
              sourceId: source.record.sourceId,
              name: source.record.name,
              stage: "ready",
              done: source.chunks.length,
              total: source.chunks.length,
            }),
          );
          return embedded.map((source) => ({
            ...summarize(source.record),
            articles: source.articles.map((article) => ({ docId: article.docId, title: article.title })),
          }));
        } catch (error) {
          await Promise.all(stored.map((file) => rm(file, { force: true })));
          throw error;
        }
      },
      { waitMs: this.options.lockWaitMs },
    );
  }

  /** Keep each original under uploads/ (written aside, then renamed into place). */
  private async storeOriginals(files: SourceFile[], embedded: EmbeddedSource[]): Promise<string[]> {
    await mkdir(this.uploadsDir, { recursive: true });
    const stored: string[] = [];
    for (const [i, source] of embedded.entries()) {
      const target = path.join(this.options.dataDir, source.record.file);
      const partial = `${target}.${process.pid}.partial`;
      await writeFile(partial, files[i]!.bytes);
      await rename(partial, target);
      stored.push(target);
    }
    return stored;
  }

  /** Write the change as a new version, then apply it in memory and hand out the new snapshot. */
  private async publishChange(
    base: SearchIndex,
    deltas: Delta[],
    added: SourceRecord[],
    removed?: SourceRecord,
  ): Promise<SearchIndex> {
    const next = nextManifest(base.manifest, added, removed);
    const { manifest, directory } = await publishDeltas(this.options.indexDir, base.manifest, deltas, next);
    let snapshot = base;
    for (const delta of deltas) snapshot = applyDelta(snapshot, delta);
    snapshot = { ...snapshot, manifest, directory };
    this.publish(snapshot);
    return snapshot;
  }

  /** Originals that no version refers to: left by an upload killed before its version was published. */
  private async removeOrphanUploads(manifest: Manifest): Promise<void> {
    const referenced = new Set(manifest.sources.map((record) => path.basename(record.file)));
    for (const entry of await readdir(this.uploadsDir).catch(() => [] as string[])) {
      const writer = /\.(\d+)\.partial$/.exec(entry);
      if (writer && isAlive(Number(writer[1]))) continue;
      if (!referenced.has(entry)) await rm(path.join(this.uploadsDir, entry), { force: true });
    }
  }
}

function nextManifest(
  manifest: Manifest,
  added: SourceRecord[],
  removed?: SourceRecord,
): Omit<Manifest, "files" | "deltas"> {
  const sources = [...manifest.sources.filter((record) => record.sourceId !== removed?.sourceId), ...added];
  const removedSeed = removed?.origin === "seed" ? removed : undefined;
  return {
    ...manifest,
    updatedAt: new Date().toISOString(),
    sources,
    seeds: removedSeed ? manifest.seeds.filter((seed) => seed.name !== removedSeed.name) : manifest.seeds,
    excludedSeeds: removedSeed
      ? [...manifest.excludedSeeds, { name: removedSeed.name, sha256: removedSeed.sha256 }]
      : manifest.excludedSeeds,
    labels: manifest.labels + added.reduce((sum, record) => sum + record.chunks, 0),
    counts: {
      ...manifest.counts,
      files: sources.length,
      articles: sources.reduce((sum, record) => sum + record.articles, 0),
      chunks: sources.reduce((sum, record) => sum + record.chunks, 0),
    },
  };
}
