// The store the configuration asks for: SQLite in DATA_DIR (the embedded
// default). A PostgreSQL store for DATABASE_URL implements the same ToolStore
// interface and is chosen here.
import path from "node:path";
import type { Config } from "../config.js";
import { openSqliteStore, STORE_FILE } from "./sqlite.js";
import type { ToolStore } from "./types.js";

export function openStore(config: Pick<Config, "dataDir">): ToolStore {
  return openSqliteStore(path.join(config.dataDir, STORE_FILE));
}
