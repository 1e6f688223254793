// `npx tsx bench/add-page.ts [--size 100] [--pages 5]`: the live index at
// scale on its own — build an N× corpus with the full ingest, then add fresh
// pages one at a time through the store (what an upload does) and remove one.
// Prints the add time beside the full-ingest time; `npm run bench` runs the
// same step for each of its sizes.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PROJECT_ROOT } from "../server/config.js";
import { addPageCells, type SizeResult } from "./report.js";
import { runChild } from "./stats.js";
import { generateCorpus, generateNewPages, seedBytes } from "./synthetic-corpus.js";

const { values: args } = parseArgs({
  options: { size: { type: "string", default: "100" }, pages: { type: "string", default: "5" } },
});
const size = Number(args.size);
const pageCount = Number(args.pages);
const seedsDir = path.join(PROJECT_ROOT, "seeds");
const workDir = await mkdtemp(path.join(os.tmpdir(), "bench-add-"));
const log = (line: string) => process.stderr.write(`${line}\n`);
try {
  const corpus =
    size > 1
      ? (
          await generateCorpus({
            seedsDir,
            outDir: path.join(workDir, "corpus"),
            targetBytes: size * (await seedBytes(seedsDir)),
            includeSeeds: true,
          })
        ).dir
      : seedsDir;
  const indexDir = path.join(workDir, "data", "index");
  log(`[${size}×] full ingest…`);
  const ingest = await runChild<SizeResult["ingest"]>("ingest-child.ts", [corpus, indexDir]);
  log(
    `[${size}×] ${ingest.chunks} chunks in ${(ingest.ms / 1000).toFixed(1)} s; adding ${pageCount} pages one at a time…`,
  );
  await generateNewPages(seedsDir, path.join(workDir, "new"), pageCount);
  const added = await runChild<NonNullable<SizeResult["addPage"]>>("add-page-child.ts", [
    indexDir,
    path.join(workDir, "new"),
  ]);
  console.log(
    `| size | chunks | full ingest s | add one page ms p50 / max (n) | then its first answer ms p50 / max | chunks per page | remove ms: the last page added / a page of the build | answered at once |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|`);
  console.log(`| ${size}× | ${ingest.chunks} | ${(ingest.ms / 1000).toFixed(1)} | ${addPageCells(added)} |`);
} finally {
  await rm(workDir, { recursive: true, force: true });
}
