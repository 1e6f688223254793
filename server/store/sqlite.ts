// The embedded default store: one SQLite file (better-sqlite3) in DATA_DIR, in
// WAL mode so a crash mid-write loses at most the latest writes and readers
// never see half of one. The schema is versioned with PRAGMA user_version and migrated
// forward at open.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { SqliteAnswerLog, SqliteFeedbackStore } from "./sqlite-answers.js";
import { SqliteBriefingStore } from "./sqlite-briefings.js";
import type { ToolStore } from "./types.js";

export const STORE_FILE = "assistant.sqlite";

/** Each entry moves the schema from version i to i + 1; never edit one that has shipped. */
const MIGRATIONS = [
  `CREATE TABLE answers (
     answer_id TEXT PRIMARY KEY,
     created_at TEXT NOT NULL,
     question TEXT NOT NULL,
     rewritten TEXT,
     scope TEXT,
     answer TEXT NOT NULL,
     citations TEXT NOT NULL,
     mode TEXT NOT NULL,
     refused INTEGER NOT NULL,
     coverage TEXT NOT NULL
   );
   CREATE INDEX answers_by_time ON answers (created_at);
   CREATE TABLE feedback (
     answer_id TEXT PRIMARY KEY REFERENCES answers (answer_id) ON DELETE CASCADE,
     rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
     reason TEXT,
     comment TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE briefings (
     id TEXT PRIMARY KEY,
     topic TEXT NOT NULL,
     title TEXT NOT NULL,
     content TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,
];

function migrate(db: Database.Database): void {
  // Several server processes (WORKERS=N) may open a new file at once: the version is read under the
  // write lock (an IMMEDIATE transaction), so each migration runs once and the others find it done.
  db.transaction(() => {
    const version = Number(db.pragma("user_version", { simple: true }));
    if (version > MIGRATIONS.length) {
      throw new Error(
        `The store was written by a newer version (schema ${version}, this one knows ${MIGRATIONS.length}).`,
      );
    }
    for (let next = version; next < MIGRATIONS.length; next++) {
      db.exec(MIGRATIONS[next] ?? "");
      db.pragma(`user_version = ${next + 1}`);
    }
  }).immediate();
}

/** The SQLite store, with its answer log's pruning exposed for maintenance and tests. */
export interface SqliteStore extends ToolStore {
  answers: SqliteAnswerLog;
}

/** Open (creating if needed) the store at `file`; ":memory:" gives a throwaway one. */
export function openSqliteStore(file: string): SqliteStore {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // Server processes sharing the file (WORKERS=N) wait for each other's writes instead of failing SQLITE_BUSY.
  db.pragma("busy_timeout = 5000");
  // WAL: readers never block the writer, in this process or another.
  db.pragma("journal_mode = WAL");
  // With WAL, NORMAL syncs at checkpoints, not at every commit: a power cut may lose the last few
  // answers recorded, never the file's consistency; an fsync per answer cost ~2 ms each.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  migrate(db);
  return {
    description: `sqlite:${file}`,
    answers: new SqliteAnswerLog(db),
    feedback: new SqliteFeedbackStore(db),
    briefings: new SqliteBriefingStore(db),
    async close() {
      db.close();
    },
  };
}
