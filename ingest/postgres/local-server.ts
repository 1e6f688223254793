// `npm run db -- --port P --dir D`: a local PostgreSQL-compatible server with
// pgvector for development and tests, no Docker: PGlite (PostgreSQL compiled to
// WebAssembly) keeping its data in D, behind its Postgres wire-protocol socket
// server on 127.0.0.1:P. Prints `DATABASE_URL=postgres://…` once it accepts
// connections. PGlite is ONE session shared by every connection (statements
// are queued; a transaction or an extended-protocol batch holds the others
// until it ends: ./session-queue.ts), which is why the store keeps its
// transactions short. Production uses a real PostgreSQL 15+
// with pgvector; the SQL is the same.
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { SessionQueue } from "./session-queue.js";

const USAGE =
  "Usage: npm run db -- --port P --dir D   (a local PostgreSQL-compatible server with pgvector, data kept in D)";

export interface LocalDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Put our queue in place of pglite-socket's own, which interleaves two connections'
 * extended-protocol batches (electric-sql/pglite#1046). The socket server hands
 * its `queryQueue` to each connection as it accepts it, so this must run before start().
 */
function useSessionQueue(server: PGLiteSocketServer, db: PGlite): void {
  if (!Reflect.has(server, "queryQueue")) {
    throw new Error(
      "@electric-sql/pglite-socket no longer has a queryQueue: check whether #1046 is fixed upstream and drop ingest/postgres/session-queue.ts",
    );
  }
  Reflect.set(server, "queryQueue", new SessionQueue(db));
}

/** Start PGlite with pgvector on `port` (0: any free one) with its data in `dir`. */
export async function startLocalDatabase(options: { port: number; dir: string }): Promise<LocalDatabase> {
  await mkdir(options.dir, { recursive: true });
  const db = await PGlite.create({ dataDir: path.resolve(options.dir), extensions: { vector } });
  const server = new PGLiteSocketServer({ db, port: options.port, host: "127.0.0.1", maxConnections: 200 });
  useSessionQueue(server, db);
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: "string" }, dir: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const port = Number(values.port);
  if (values.help || !values.dir || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const database = await startLocalDatabase({ port, dir: values.dir });
  console.log(`DATABASE_URL=${database.url}`);
  const stop = () => void database.stop().finally(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`db failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
