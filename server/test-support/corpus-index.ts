// A real index of the seed corpus in a temp folder, built by the real pipeline
// with the settings the product ships (config defaults), for tests that need
// retrieval or answering.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runIngest } from "../../ingest/pipeline.js";
import { loadConfig, PROJECT_ROOT } from "../config.js";
import { openSearchIndex, Retriever, type SearchIndex } from "../retrieval/retriever.js";

const shipped = loadConfig({});
export const TEST_EMBEDDER = { kind: "local", dimensions: shipped.localEmbeddingDimensions } as const;
export const TEST_HNSW = shipped.hnsw;

export interface CorpusIndex {
  indexDir: string;
  index: SearchIndex;
  retriever: Retriever;
  cleanup: () => Promise<void>;
}

export async function buildCorpusIndex(): Promise<CorpusIndex> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "corpus-index-"));
  const indexDir = path.join(workDir, "index");
  await runIngest({ seedsDir: path.join(PROJECT_ROOT, "seeds"), indexDir, embedder: TEST_EMBEDDER, hnsw: TEST_HNSW });
  const index = await openSearchIndex(indexDir, TEST_EMBEDDER);
  return {
    indexDir,
    index,
    retriever: new Retriever(index),
    cleanup: () => rm(workDir, { recursive: true, force: true }),
  };
}
