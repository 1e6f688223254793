// An ingest killed with SIGKILL while it writes the new index leaves the
// previous index whole: it still loads and answers, and the next ingest
// clears the half-written version.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus, seedBytes } from "../bench/synthetic-corpus.js";
import { Answerer } from "../server/answer/answerer.js";
import { PROJECT_ROOT } from "../server/config.js";
import { openSearchIndex, Retriever } from "../server/retrieval/retriever.js";
import { TEST_EMBEDDER, TEST_HNSW } from "../server/test-support/corpus-index.js";
import { runIngest } from "./pipeline.js";
import { readManifest } from "./store.js";

const seedsDir = path.join(PROJECT_ROOT, "seeds");
let workDir: string;
let indexDir: string;
let bigCorpus: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "ingest-kill-"));
  indexDir = path.join(workDir, "index");
  await runIngest({ seedsDir, indexDir, embedder: TEST_EMBEDDER, hnsw: TEST_HNSW });
  // Large enough that writing its index takes a few seconds.
  bigCorpus = (
    await generateCorpus({
      seedsDir,
      outDir: path.join(workDir, "big"),
      targetBytes: 8 * (await seedBytes(seedsDir)),
      includeSeeds: true,
    })
  ).dir;
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Resolves once the ingest has started writing a new version folder. */
async function waitForPartialVersion(deadlineMs: number): Promise<boolean> {
  const versionsDir = `${indexDir}.versions`;
  const until = performance.now() + deadlineMs;
  while (performance.now() < until) {
    const entries = await readdir(versionsDir).catch(() => [] as string[]);
    if (entries.some((entry) => entry.endsWith(".partial"))) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

describe("ingest killed with SIGKILL mid-write", () => {
  it("leaves the previous index loadable and answering; the next ingest removes the debris", async () => {
    const before = await readManifest(indexDir);
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(PROJECT_ROOT, "server/cli/ingest.ts"),
        "--force",
        "--seeds",
        bigCorpus,
        "--out",
        indexDir,
      ],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          LOCAL_EMBEDDING_DIMENSIONS: String(TEST_EMBEDDER.dimensions),
          HNSW_M: String(TEST_HNSW.m),
          HNSW_EF_CONSTRUCTION: String(TEST_HNSW.efConstruction),
          HNSW_EF_SEARCH: String(TEST_HNSW.efSearch),
        },
        stdio: "ignore",
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal)),
    );
    expect(await waitForPartialVersion(12_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 150)); // inside the write: JSON files and the HNSW graph
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const versions = await readdir(`${indexDir}.versions`);
    expect(versions.some((entry) => entry.endsWith(".partial"))).toBe(true); // it really died mid-write
    const after = await readManifest(indexDir);
    expect(after!.builtAt).toBe(before!.builtAt);
    expect(after!.counts.chunks).toBe(before!.counts.chunks);

    const index = await openSearchIndex(indexDir, TEST_EMBEDDER);
    const answer = await new Answerer({ retriever: new Retriever(index) }).answer({
      question: "江苏有多少产业链党建联盟?",
    });
    expect(answer.refused).toBe(false);
    expect(answer.answer).toContain("901");

    // The next ingest succeeds and leaves only its own version behind.
    const summary = await runIngest({ seedsDir, indexDir, embedder: TEST_EMBEDDER, hnsw: TEST_HNSW, force: true });
    expect(summary.upToDate).toBe(false);
    expect((await readdir(`${indexDir}.versions`)).filter((entry) => entry.endsWith(".partial"))).toEqual([]);
  }, 30_000);
});
