// A corpus database for a test: PGlite with pgvector behind its socket server
// (what `npm run db` runs) in a temporary folder, with a copy of the seeds
// ingested into it. The database can be stopped and started again on the same
// port (the database going away and coming back); the folder goes at the end.
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runIngest, type IngestOptions, type IngestSummary } from "../../ingest/pipeline.js";
import { startLocalDatabase, type LocalDatabase } from "../../ingest/postgres/local-server.js";
import { databaseSink } from "../../ingest/postgres/write.js";
import { PROJECT_ROOT } from "../config.js";
import { TEST_EMBEDDER, TEST_HNSW } from "./corpus-index.js";

export interface SeededDatabase {
  /** The temporary folder: the database's data, and `seeds/`, a copy of the project's seeds. */
  workDir: string;
  seedsDir: string;
  readonly url: string;
  /** A full ingest of `seedsDir` into the database (the test embedder), with these options on top. */
  ingest(options?: Partial<IngestOptions>): Promise<IngestSummary>;
  stop(): Promise<void>;
  /** Start it again on the same port, with the same data. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startSeededDatabase(prefix: string): Promise<SeededDatabase> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const seedsDir = path.join(workDir, "seeds");
  const dir = path.join(workDir, "db");
  await cp(path.join(PROJECT_ROOT, "seeds"), seedsDir, { recursive: true });
  let database: LocalDatabase | undefined = await startLocalDatabase({ port: 0, dir });
  const url = database.url;
  const seeded: SeededDatabase = {
    workDir,
    seedsDir,
    url,
    ingest: (options = {}) =>
      runIngest({
        seedsDir,
        indexDir: path.join(workDir, "unused-index"),
        embedder: TEST_EMBEDDER,
        hnsw: TEST_HNSW,
        sink: databaseSink(url),
        ...options,
      }),
    async stop() {
      await database?.stop();
      database = undefined;
    },
    async start() {
      database = await startLocalDatabase({ port: Number(new URL(url).port), dir });
    },
    async close() {
      await seeded.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
  await seeded.ingest();
  return seeded;
}
