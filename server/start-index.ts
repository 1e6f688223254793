// The index `npm start` serves: ingest the seeds when they or the settings
// changed; a seed file that cannot be read does not keep the server down.
import path from "node:path";
import { IngestError } from "../ingest/errors.js";
import { runIngest } from "../ingest/pipeline.js";
import { readManifest } from "../ingest/store.js";
import { embedderSettings, type Config } from "./config.js";

/**
 * Ingest the seeds when they or the settings changed. A seed file that cannot
 * be read does not stop the server: it starts on the index it has (or, with
 * none yet, builds one without that file), with a warning naming the file.
 */
export async function ensureIndex(config: Config, log: Pick<Console, "log" | "warn"> = console): Promise<void> {
  const options = {
    seedsDir: config.seedsDir,
    indexDir: config.indexDir,
    uploadsDir: path.join(config.dataDir, "uploads"),
    embedder: embedderSettings(config),
    hnsw: config.hnsw,
    threads: config.ingestThreads,
  };
  let summary;
  try {
    summary = await runIngest(options);
  } catch (error) {
    if (!(error instanceof IngestError) || error.code !== "invalid_seed") throw error;
    const existing = await readManifest(config.indexDir).catch((manifestError: Error) => {
      log.warn(`The existing index cannot be used (${manifestError.message}); rebuilding without the invalid seeds.`);
      return undefined;
    });
    log.warn(`WARNING: ${error.message}`);
    if (existing) {
      log.warn(
        `Starting on the existing index (${existing.counts.files} sources, ${existing.counts.articles} articles).`,
      );
      return;
    }
    summary = await runIngest({ ...options, skipInvalid: true });
  }
  for (const file of summary.ignored) log.warn(`Ignored ${path.join(config.seedsDir, file.name)}: ${file.reason}`);
  if (!summary.upToDate)
    log.log(
      `Indexed ${summary.files} files, ${summary.articles} articles, ${summary.chunks} chunks in ${summary.ms} ms.`,
    );
}
