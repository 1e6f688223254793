// `npm run ingest [-- --seeds DIR] [--out DIR] [--force] [--skip-invalid]`
import path from "node:path";
import { parseArgs } from "node:util";
import { runCli } from "./support.js";
import { embedderSettings, loadConfig } from "../config.js";
import { runIngest } from "../../ingest/pipeline.js";
import { databaseAddress } from "../../ingest/postgres/database.js";
import { databaseSink } from "../../ingest/postgres/write.js";
import { createProgress } from "../../ingest/progress.js";

const USAGE = `Usage: npm run ingest -- [--seeds DIR] [--out DIR] [--force] [--skip-invalid]
  --seeds DIR       folder of pages: .txt, .md, .pdf, .docx, .html (default: SEEDS_DIR or seeds/)
  --out DIR         index folder (default: INDEX_DIR or DATA_DIR/index); uploads are read from uploads/ beside it.
                    With DATABASE_URL set the index goes into that database instead (--out does not apply)
  --force           rebuild even if seeds and settings are unchanged (also folds in uploads and deletions)
  --skip-invalid    leave out files that cannot be read (empty, binary, unknown encoding, scanned PDF) instead of stopping`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        seeds: { type: "string" },
        out: { type: "string" },
        force: { type: "boolean" },
        "skip-invalid": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const seedsDir = args.seeds ? path.resolve(args.seeds) : config.seedsDir;
  if (config.databaseUrl && args.out) {
    console.error(
      "--out names an index folder, but DATABASE_URL is set: the index goes into the database. Drop one of them.",
    );
    return 2;
  }
  const indexDir = args.out ? path.resolve(args.out) : config.indexDir;
  const sink = config.databaseUrl ? databaseSink(config.databaseUrl) : undefined;
  const where = config.databaseUrl ? `the database at ${databaseAddress(config.databaseUrl)}` : indexDir;
  const progress = createProgress();
  const summary = await runIngest({
    seedsDir,
    indexDir,
    embedder: embedderSettings(config),
    hnsw: config.hnsw,
    threads: config.ingestThreads,
    force: args.force,
    skipInvalid: args["skip-invalid"],
    uploadsDir: args.out ? undefined : path.join(config.dataDir, "uploads"),
    onProgress: ({ stage, done, total }) => progress.update(stage, done, total),
    onWait: (pid) => console.warn(`Waiting for another writer (process ${pid}) to finish updating the index…`),
    sink,
  });
  progress.done();
  for (const file of summary.rejected) console.warn(`skipped ${path.join(seedsDir, file.name)}: ${file.reason}`);
  for (const file of summary.ignored) console.warn(`ignored ${path.join(seedsDir, file.name)}: ${file.reason}`);
  const counts = `${summary.files} files, ${summary.articles} articles, ${summary.chunks} chunks`;
  if (summary.upToDate) {
    console.log(`Index up to date (${counts}) in ${where}; checked in ${summary.ms} ms. Use --force to rebuild.`);
  } else {
    const stages = Object.entries(summary.stageMs)
      .map(([stage, ms]) => `${stage} ${ms} ms`)
      .join(", ");
    console.log(`Ingested ${counts} in ${summary.ms} ms (${stages}) into ${where}`);
  }
  return 0;
}

runCli("ingest", main);
