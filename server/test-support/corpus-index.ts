// A real index of the seed corpus in a temp folder, built by the real pipeline,
// for tests that need retrieval or answering.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runIngest } from "../../ingest/pipeline.js";
import { PROJECT_ROOT } from "../config.js";
import { openSearchIndex, Retriever, type SearchIndex } from "../retrieval.js";

export const TEST_EMBEDDER = { kind: "local", dimensions: 2048 } as const;
export const TEST_HNSW = { m: 16, efConstruction: 200, efSearch: 64 };

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
  return { indexDir, index, retriever: new Retriever(index), cleanup: () => rm(workDir, { recursive: true, force: true }) };
}
