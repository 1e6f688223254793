// Child process for multi-process tests: the server as `npm start` runs it
// (runServer: one process, or WORKERS processes behind a primary), configured by
// the environment the test gives, on an index the test built; without the
// client build and the ingest step. Its log lines (JSON) go to stdout.
import { runServer } from "../cluster.js";
import { loadConfig } from "../config.js";
import { createLogger } from "../logger.js";

runServer(loadConfig(), { logger: createLogger() }).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
