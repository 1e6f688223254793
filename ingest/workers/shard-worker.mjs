// Entry of an ingest shard worker (ingest/parallel-ingest.ts): loads TypeScript with tsx (a worker
// does not inherit a test runner's or the parent's module loader) and runs the shard builder.
// Plain JavaScript, because it is what loads TypeScript.
import { tsImport } from "tsx/esm/api";

const { runShardWorker } = await tsImport("../shard-builder.ts", import.meta.url);
runShardWorker();
