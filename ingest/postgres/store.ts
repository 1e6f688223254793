// The corpus store on PostgreSQL + pgvector (DATABASE_URL): every server
// process reads the same data, nothing is written to INDEX_DIR. The snapshot is
// the active version (ingest/postgres/snapshot.ts); watch() polls the active
// version and loads a new one when a writer flipped it (`DATABASE_URL=… npm run
// ingest` while the servers run), so every process moves to it within seconds.
import type pg from "pg";
import { summarize, type AddedSource, type CorpusStore, type SourceSummary } from "../corpus-store.js";
import type { EmbedderSettings } from "../embed.js";
import { IngestError } from "../errors.js";
import type { SearchIndex } from "../search-index.js";
import { databaseAddress, openCorpusDatabase } from "./database.js";
import { loadSnapshot, versionOf } from "./snapshot.js";
import { activeVersion } from "./write.js";

export interface PostgresStoreOptions {
  url: string;
  embedder: EmbedderSettings;
  warn?: (message: string) => void;
}

export type StoreState = "ready" | "down";

export class PostgresCorpusStore implements CorpusStore<SearchIndex> {
  private pool?: pg.Pool;
  private snapshot?: SearchIndex;
  private readonly listeners = new Set<(snapshot: SearchIndex) => void>();
  private timer?: NodeJS.Timeout;
  private reachable = true;
  private refreshing?: Promise<boolean>;

  constructor(private readonly options: PostgresStoreOptions) {}

  get where(): string {
    return databaseAddress(this.options.url);
  }

  /** "down" once a check of the active version failed, "ready" again when one succeeds. */
  get state(): StoreState {
    return this.reachable ? "ready" : "down";
  }

  async open(): Promise<SearchIndex> {
    this.pool = await openCorpusDatabase(this.options.url);
    const snapshot = await loadSnapshot(this.pool, this.options.embedder, this.where);
    this.publish(snapshot);
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
    return this.current()
      .manifest.sources.map((record) => summarize(record))
      .sort((a, b) => b.addedAt.localeCompare(a.addedAt) || a.name.localeCompare(b.name));
  }

  async add(): Promise<AddedSource[]> {
    throw notHere();
  }

  async remove(): Promise<SourceSummary> {
    throw notHere();
  }

  /** Load the active version when a writer flipped it; true when the snapshot changed. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.checkVersion().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  watch(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.options.warn?.(`Could not load the corpus version from the database: ${(error as Error).message}`));
    }, intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.refreshing?.catch(() => undefined);
    await this.pool?.end().catch(() => undefined);
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
    if (!active || (this.snapshot && versionOf(this.snapshot) === active.version)) return false;
    this.publish(await loadSnapshot(pool, this.options.embedder, this.where));
    return true;
  }

  private publish(snapshot: SearchIndex): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }
}

function notHere(): IngestError {
  return new IngestError(
    "unsupported_format",
    "Uploads and deletions through the API are not available with DATABASE_URL yet: add the pages to the seeds folder and run `DATABASE_URL=… npm run ingest`.",
  );
}
