// The corpus store on PostgreSQL + pgvector (DATABASE_URL): every server
// process reads the same data, nothing is written to INDEX_DIR. The snapshot is
// the active version (ingest/postgres/snapshot.ts); watch() polls the active
// version and loads a new one when a writer flipped it (an upload on another
// server, `DATABASE_URL=… npm run ingest` while the servers run), so every
// process moves to it within seconds. Uploads keep their originals in the
// database, so a later full ingest folds them in like the local store does.
// Changes are made as the local store makes them: parsed and embedded first,
// then committed by the holder of the writer lease (ingest/postgres/lease.ts)
// on the version that is active then.
import type pg from "pg";
import {
  refuseDuplicateSources,
  summarize,
  type AddedSource,
  type CorpusStore,
  type SourceFile,
  type SourceSummary,
} from "../corpus-store.js";
import type { EmbedderSettings } from "../embed.js";
import { IngestError } from "../errors.js";
import { sha256, uploadSourceId } from "../source-record.js";
import { embedFiles, progressOf, type ProgressListener } from "../store-changes.js";
import { commitRemoval, commitUploads } from "./changes.js";
import { databaseAddress, openCorpusDatabase } from "./database.js";
import { withLease, type WriterLease } from "./lease.js";
import { loadSnapshot, type PostgresSearchIndex } from "./snapshot.js";
import { activeVersion, removeDebris } from "./versions.js";

export interface PostgresStoreOptions {
  url: string;
  embedder: EmbedderSettings;
  warn?: (message: string) => void;
  /** How long an upload or a removal waits for another writer (an ingest) before index_busy; 60 s. */
  lockWaitMs?: number;
}

export type StoreState = "ready" | "down";

export class PostgresCorpusStore implements CorpusStore<PostgresSearchIndex> {
  private pool?: pg.Pool;
  private snapshot?: PostgresSearchIndex;
  private readonly listeners = new Set<(snapshot: PostgresSearchIndex) => void>();
  private timer?: NodeJS.Timeout;
  private reachable = true;
  private refreshing?: Promise<boolean>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PostgresStoreOptions) {}

  get where(): string {
    return databaseAddress(this.options.url);
  }

  /** "down" once a check of the active version failed, "ready" again when one succeeds. */
  get state(): StoreState {
    return this.reachable ? "ready" : "down";
  }

  async open(): Promise<PostgresSearchIndex> {
    const pool = await openCorpusDatabase(this.options.url);
    try {
      const snapshot = await loadSnapshot(pool, this.options.embedder, this.where);
      this.pool = pool;
      this.publish(snapshot);
      return snapshot;
    } catch (error) {
      await pool.end().catch(() => undefined); // cleanup: the open's error is rethrown
      throw error;
    }
  }

  current(): PostgresSearchIndex {
    if (!this.snapshot) throw new Error("The corpus store is not open: call open() first.");
    return this.snapshot;
  }

  onSnapshot(listener: (snapshot: PostgresSearchIndex) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): SourceSummary[] {
    return this.current()
      .manifest.sources.map((record) => summarize(record))
      .sort((a, b) => b.addedAt.localeCompare(a.addedAt) || a.name.localeCompare(b.name));
  }

  /** Parse and embed first; then, holding the writer lease, commit on the version active then. */
  add(files: SourceFile[], onProgress?: ProgressListener): Promise<AddedSource[]> {
    return this.exclusive(async () => {
      const snapshot = this.current();
      refuseDuplicateSources(snapshot.manifest.sources, files);
      const ids = files.map((file) => uploadSourceId(sha256(file.bytes)));
      let embedded = await embedFiles(files, ids, snapshot, onProgress);
      await this.asWriter("an upload", async (lease) => {
        const base = await this.latest();
        refuseDuplicateSources(base.manifest.sources, files); // another process may have added the same file meanwhile
        // Rebuilt meanwhile (a full ingest): the embedder's weights may have changed, so embed again.
        if (base.manifest.builtAt !== snapshot.manifest.builtAt) embedded = await embedFiles(files, ids, base);
        const report = (stage: "index" | "ready") =>
          embedded.forEach(({ record }) =>
            onProgress?.({ ...progressOf(record), stage, done: stage === "ready" ? record.chunks : 0 }),
          );
        report("index");
        await commitUploads(this.database(), lease, base, files, embedded);
        await this.checkVersion();
        report("ready");
      });
      return embedded.map((source) => ({
        ...summarize(source.record),
        articles: source.articles.map((article) => ({ docId: article.docId, title: article.title })),
      }));
    });
  }

  remove(sourceId: string): Promise<SourceSummary> {
    return this.exclusive(() =>
      this.asWriter("a removal", async (lease) => {
        const snapshot = await this.latest();
        const record = snapshot.manifest.sources.find((source) => source.sourceId === sourceId);
        if (!record) {
          throw new IngestError(
            "source_not_found",
            `No source "${sourceId.slice(0, 120)}". GET /api/sources lists the sources and their ids.`,
          );
        }
        await commitRemoval(this.database(), lease, snapshot, record);
        await this.checkVersion();
        return summarize(record);
      }),
    );
  }

  /** Load the active version when a writer flipped it; true when the snapshot changed. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.checkVersion().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  watch(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.options.warn?.(`Could not load the corpus version from the database: ${(error as Error).message}`),
      );
    }, intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    // Closing: a refresh in flight is waited for, not reported (its failure reaches whoever started it).
    await this.refreshing?.catch(() => undefined);
    await this.pool?.end().catch(() => undefined);
  }

  /** Holding the writer lease, with what a writer that died left above the active version removed. */
  private asWriter<T>(purpose: string, work: (lease: WriterLease) => Promise<T>): Promise<T> {
    const pool = this.database();
    return withLease(pool, { purpose, waitMs: this.options.lockWaitMs }, async (lease) => {
      await removeDebris(pool, await activeVersion(pool));
      return work(lease);
    });
  }

  /** The snapshot of the version active now (loaded when another process moved it). */
  private async latest(): Promise<PostgresSearchIndex> {
    await this.checkVersion();
    return this.current();
  }

  private database(): pg.Pool {
    if (!this.pool) throw new Error("The corpus store is not open: call open() first.");
    return this.pool;
  }

  /** Changes one after another in this process; the writer lease orders them across processes. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined); // the failure goes to the caller through `run`
    return run;
  }

  private async checkVersion(): Promise<boolean> {
    const pool = this.pool;
    if (!pool) return false;
    let active;
    try {
      active = await activeVersion(pool);
      this.reachable = true;
    } catch (error) {
      this.reachable = false;
      throw error;
    }
    if (!active || this.snapshot?.active.version === active.version) return false;
    const loaded = await loadSnapshot(pool, this.options.embedder, this.where);
    // Two loads may overlap (the watch and a commit's own check): versions only go forward.
    if (this.snapshot && loaded.active.version <= this.snapshot.active.version) return false;
    this.publish(loaded);
    return true;
  }

  private publish(snapshot: PostgresSearchIndex): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }
}
