// An upload killed with SIGKILL at any moment (while embedding, while writing
// its version, while swapping) leaves a loadable index that answers the seed
// questions: the old version or the new one, never half. The next writer
// clears what the killed one left.
import { spawn } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus, seedBytes } from "../bench/synthetic-corpus.js";
import { Answerer } from "../server/answer/answerer.js";
import { PROJECT_ROOT } from "../server/config.js";
import { Retriever } from "../server/retrieval/retriever.js";
import { TEST_EMBEDDER } from "../server/test-support/corpus-index.js";
import { makeLibraryDirs, type LibraryDirs } from "../server/test-support/library-app.js";
import { openSearchIndex } from "./search-index.js";
import { LocalCorpusStore } from "./store-local.js";

let dirs: LibraryDirs;
let bigPage: string;
let smallPage: string;

beforeAll(async () => {
  dirs = await makeLibraryDirs();
  // One large text upload (~0.7 MB of seed-like pages): a second or more of embedding, a sizeable delta to write.
  const corpus = await generateCorpus({
    seedsDir: dirs.seedsDir,
    outDir: path.join(dirs.workDir, "big"),
    targetBytes: 8 * (await seedBytes(dirs.seedsDir)),
  });
  const pages = await Promise.all(
    (await readdir(corpus.dir)).sort().map((name) => readFile(path.join(corpus.dir, name), "utf8")),
  );
  bigPage = path.join(dirs.workDir, "合订本 2025.txt");
  await writeFile(bigPage, pages.join("\n\n"));
  smallPage = path.join(dirs.workDir, "一版.txt");
  await writeFile(smallPage, pages[0]!);
}, 60_000);

afterAll(async () => {
  await rm(dirs.workDir, { recursive: true, force: true });
});

/** Start an upload in a child and SIGKILL it once `moment` says so; resolves with the lines it printed. */
async function killedUpload(moment: (lines: string[]) => Promise<boolean>, file = bigPage): Promise<string[]> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(PROJECT_ROOT, "ingest/test-support/upload-child.ts"),
      dirs.indexDir,
      dirs.dataDir,
      file,
      String(TEST_EMBEDDER.dimensions),
    ],
    { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "ignore"] },
  );
  const lines: string[] = [];
  child.stdout.on("data", (data: Buffer) => lines.push(...data.toString().split("\n").filter(Boolean)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const until = performance.now() + 45_000;
  while (performance.now() < until && child.exitCode === null && !(await moment(lines)))
    await new Promise((resolve) => setTimeout(resolve, 5));
  child.kill("SIGKILL");
  await exited;
  return lines;
}

async function expectAnswering(): Promise<void> {
  const index = await openSearchIndex(dirs.indexDir, TEST_EMBEDDER);
  const result = await new Answerer({ retriever: new Retriever(index) }).answer({
    question: "江苏有多少产业链党建联盟?",
  });
  expect(result.answer).toContain("901");
}

const partialVersion = async () =>
  (await readdir(`${dirs.indexDir}.versions`)).some((entry) => entry.endsWith(".partial"));

describe("an upload killed with SIGKILL", () => {
  it.each<[string, (lines: string[]) => Promise<boolean>]>([
    ["while embedding", async (lines) => lines.includes("parse")],
    ["while writing its version", partialVersion],
  ])(
    "%s leaves the old index, loadable and answering",
    async (_when, moment) => {
      const lines = await killedUpload(moment);
      expect(lines).not.toContain("added");
      await expectAnswering();
      const store = new LocalCorpusStore({ indexDir: dirs.indexDir, dataDir: dirs.dataDir, embedder: TEST_EMBEDDER });
      await store.open();
      expect(store.list().map((source) => source.origin)).toEqual(Array(5).fill("seed"));
      // The killed writer's original is gone once the store opens; its .partial version at the next write.
      expect(
        (await readdir(path.join(dirs.dataDir, "uploads")).catch(() => [])).filter(
          (entry) => !entry.endsWith(".partial"),
        ),
      ).toEqual([]);
      await store.add([
        { name: "小页.txt", bytes: Buffer.from("小页\n\n本报记者 王强\n\n今年以来，某镇建成便民点9个。\n") },
      ]);
      expect(await partialVersion()).toBe(false);
      await store.remove(store.list().find((source) => source.origin === "upload")!.sourceId);
      await store.close();
    },
    60_000,
  );

  it("after the new version is in place, the upload is there whole", async () => {
    const lines = await killedUpload(async (printed) => printed.includes("added"), smallPage);
    expect(lines).toContain("added");
    await expectAnswering();
    const index = await openSearchIndex(dirs.indexDir, TEST_EMBEDDER);
    const upload = index.manifest.sources.find((source) => source.name === "一版.txt");
    expect(upload?.chunks).toBeGreaterThan(10);
    expect(index.articles.filter((article) => article.sourceId === upload?.sourceId)).toHaveLength(upload!.articles);
  }, 60_000);
});
