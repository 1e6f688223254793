// `npm start`'s index step with an unreadable seed file: it starts on the
// existing index with a warning naming the file, and without an index it
// builds one from the readable files.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifest } from "../ingest/store.js";
import { loadConfig } from "./config.js";
import { ensureIndex } from "./start-index.js";
import { TEST_EMBEDDER } from "./test-support/corpus-index.js";
import { makeLibraryDirs, type LibraryDirs } from "./test-support/library-app.js";
import { rm } from "node:fs/promises";

let dirs: LibraryDirs;
const lines: string[] = [];
const log = { log: (line: string) => lines.push(line), warn: (line: string) => lines.push(line) };
const configFor = (indexDir: string) =>
  loadConfig({
    SEEDS_DIR: dirs.seedsDir,
    DATA_DIR: dirs.dataDir,
    INDEX_DIR: indexDir,
    LOCAL_EMBEDDING_DIMENSIONS: String(TEST_EMBEDDER.dimensions),
    HNSW_EF_CONSTRUCTION: "200",
  });

beforeAll(async () => {
  dirs = await makeLibraryDirs();
  await writeFile(path.join(dirs.seedsDir, "broken.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xa9, 0xbf, 0xff]));
});

afterAll(async () => {
  await rm(dirs.workDir, { recursive: true, force: true });
});

describe("ensureIndex with an unreadable seed file", () => {
  it("keeps the existing index and warns, naming the file", async () => {
    const before = await readManifest(dirs.indexDir);
    lines.length = 0;
    await ensureIndex(configFor(dirs.indexDir), log);
    expect((await readManifest(dirs.indexDir))?.builtAt).toBe(before?.builtAt);
    expect(lines.join("\n")).toContain(path.join(dirs.seedsDir, "broken.txt"));
    expect(lines.join("\n")).toMatch(/Starting on the existing index \(5 sources, 23 articles\)/);
  });

  it("without an index, builds one from the readable files", async () => {
    const fresh = path.join(dirs.workDir, "fresh", "index");
    lines.length = 0;
    await ensureIndex(configFor(fresh), log);
    expect((await readManifest(fresh))?.counts).toMatchObject({ files: 5, articles: 23 });
    expect(lines.join("\n")).toContain("broken.txt");
  });
});
