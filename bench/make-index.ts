// `tsx bench/make-index.ts <size> <workDir>`: generate the size× synthetic corpus (seeds included),
// write its markers to <workDir>/markers-<size>.json and ingest it into <workDir>/index-<size>, for
// the single-purpose bench scripts (fusion-recall.ts, bm25-bench.ts) to query without a full bench run.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT } from "../server/config.js";
import { generateCorpus, seedBytes } from "./synthetic-corpus.js";
import { runChild } from "./stats.js";

const [sizeArg, workDir] = process.argv.slice(2);
const size = Number(sizeArg);
if (!workDir || !Number.isFinite(size) || size < 1) throw new Error("usage: make-index.ts <size> <workDir>");
const seedsDir = path.join(PROJECT_ROOT, "seeds");
let corpusDir = seedsDir;
if (size > 1) {
  const corpus = await generateCorpus({
    seedsDir,
    outDir: path.join(workDir, `corpus-${size}`),
    targetBytes: size * (await seedBytes(seedsDir)),
    includeSeeds: true,
  });
  corpusDir = corpus.dir;
  await writeFile(path.join(workDir, `markers-${size}.json`), JSON.stringify(corpus.markers));
}
// No time limit: on a shared 2-core machine a 1000× ingest has taken over 15 minutes.
const ingest = await runChild<Record<string, unknown>>(
  "ingest-child.ts",
  [corpusDir, path.join(workDir, `index-${size}`)],
  {
    timeoutMs: 4 * 3_600_000,
  },
);
console.log(JSON.stringify({ size, ...ingest }));
