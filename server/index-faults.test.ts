// A corrupted index on the server's start path (openAssistant, what `npm start`
// calls after its up-to-date check): start-up refuses with index_corrupt naming
// the file, and never hands hnswlib a damaged graph (which could abort the process).
import { cp, mkdtemp, open, readFile, realpath, rm, stat, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestError } from "../ingest/errors.js";
import { runIngest } from "../ingest/pipeline.js";
import { openAssistant } from "./assistant.js";
import { loadConfig, PROJECT_ROOT } from "./config.js";
import { TEST_EMBEDDER, TEST_HNSW } from "./test-support/corpus-index.js";

let workDir: string;
let pristine: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "index-faults-"));
  pristine = path.join(workDir, "pristine");
  await runIngest({
    seedsDir: path.join(PROJECT_ROOT, "seeds"),
    indexDir: pristine,
    embedder: TEST_EMBEDDER,
    hnsw: TEST_HNSW,
  });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** A private copy of the index (the real folder behind the symlink) for one test to damage. */
async function copyIndex(name: string): Promise<string> {
  const dir = path.join(workDir, name);
  await cp(await realpath(pristine), dir, { recursive: true });
  return dir;
}

const configFor = (indexDir: string) =>
  loadConfig({ INDEX_DIR: indexDir, LOCAL_EMBEDDING_DIMENSIONS: String(TEST_EMBEDDER.dimensions) });

async function startFailure(indexDir: string): Promise<IngestError> {
  const error = await openAssistant(configFor(indexDir), { mode: "extractive" }).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

describe("a corrupted index on the server start path", () => {
  it("flipped bytes inside the HNSW graph → index_corrupt naming vectors/hnswlib.index", async () => {
    const dir = await copyIndex("flipped");
    const file = path.join(dir, "vectors", "hnswlib.index");
    const handle = await open(file, "r+");
    const { size } = await stat(file);
    await handle.write(Buffer.from([0xff, 0x00, 0xff, 0x00]), 0, 4, Math.floor(size / 2));
    await handle.close();
    const error = await startFailure(dir);
    expect(error.code).toBe("index_corrupt");
    expect(error.message).toContain(file);
    expect(error.message).toContain("npm run ingest -- --force");
  });

  it("a truncated chunks.bin → index_corrupt naming it", async () => {
    const dir = await copyIndex("truncated");
    const file = path.join(dir, "chunks.bin");
    await truncate(file, Math.floor((await stat(file)).size / 3));
    const error = await startFailure(dir);
    expect(error.code).toBe("index_corrupt");
    expect(error.message).toContain(file);
  });

  it("a manifest that is not JSON → index_corrupt naming manifest.json", async () => {
    const dir = await copyIndex("manifest");
    const file = path.join(dir, "manifest.json");
    await writeFile(file, (await readFile(file, "utf8")).slice(0, 40));
    const error = await startFailure(dir);
    expect(error.code).toBe("index_corrupt");
    expect(error.message).toContain(file);
  });

  it("the intact index still opens and answers in the same process afterwards", async () => {
    const assistant = await openAssistant(configFor(pristine), { mode: "extractive" });
    const result = await assistant.answerer.answer({ question: "江苏有多少产业链党建联盟?" });
    expect(result.answer).toContain("901");
  });
});
