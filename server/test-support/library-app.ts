// A real library for tests: the seed pages ingested by the real pipeline into
// a temporary DATA_DIR, opened as the local corpus store, served by the real
// app with the /api/sources routes.
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runIngest } from "../../ingest/pipeline.js";
import { LocalCorpusStore } from "../../ingest/store-local.js";
import { followingAssistant, type AssistantParts, type LibraryAssistant } from "../assistant.js";
import { PROJECT_ROOT } from "../config.js";
import { TEST_EMBEDDER, TEST_HNSW } from "./corpus-index.js";
import { startApp, type RunningApp } from "./running-app.js";

export interface LibraryDirs {
  workDir: string;
  seedsDir: string;
  dataDir: string;
  indexDir: string;
}

/** Seeds (plus `extraSeeds`) copied into a fresh folder and ingested into `<workDir>/data/index`. */
export async function makeLibraryDirs(extraSeeds: Record<string, string | Buffer> = {}): Promise<LibraryDirs> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "library-"));
  const seedsDir = path.join(workDir, "seeds");
  await cp(path.join(PROJECT_ROOT, "seeds"), seedsDir, { recursive: true });
  for (const [name, content] of Object.entries(extraSeeds)) await writeFile(path.join(seedsDir, name), content);
  const dataDir = path.join(workDir, "data");
  const indexDir = path.join(dataDir, "index");
  await runIngest({ seedsDir, indexDir, embedder: TEST_EMBEDDER, hnsw: TEST_HNSW });
  return { workDir, seedsDir, dataDir, indexDir };
}

/** `parts`: a model or a worker pool, as the server passes them (none: answers inline, offline). */
export async function openLibrary(dirs: LibraryDirs, parts: AssistantParts = {}): Promise<LibraryAssistant> {
  const library = new LocalCorpusStore({
    indexDir: dirs.indexDir,
    dataDir: dirs.dataDir,
    embedder: TEST_EMBEDDER,
    lockWaitMs: 10_000,
  });
  await library.open();
  return followingAssistant(library, parts);
}

export interface LibraryApp extends LibraryDirs {
  server: RunningApp;
  assistant: LibraryAssistant;
  /** Stop the server and close the store, keeping the folders (a restart opens them again). */
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startLibraryApp(
  options: Parameters<typeof startApp>[1] = {},
  dirs?: LibraryDirs,
): Promise<LibraryApp> {
  const folders = dirs ?? (await makeLibraryDirs());
  const assistant = await openLibrary(folders);
  const server = await startApp(assistant, options);
  const stop = async () => {
    await server.close();
    await assistant.library.close();
  };
  return {
    ...folders,
    server,
    assistant,
    stop,
    cleanup: async () => {
      await stop();
      await rm(folders.workDir, { recursive: true, force: true });
    },
  };
}
