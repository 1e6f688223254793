// One writer at a time: a lock file beside the index (`<indexDir>.lock`, the
// holder's pid inside). A lock whose process is gone is taken over, so a
// killed writer never blocks the next one; a live holder is waited for, then
// reported by pid. Two uploads, or an upload and `npm run ingest`, cannot
// interleave their version swaps.
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { IngestError } from "./errors.js";
import { isAlive } from "./store-files.js";

const POLL_MS = 50;
/** A lock file still empty after this long was left by a writer killed while creating it. */
const EMPTY_LOCK_STALE_MS = 5_000;

export interface LockOptions {
  /** How long to wait for another writer. */
  waitMs?: number;
  onWait?: (holderPid: number) => void;
}

export async function withIndexLock<T>(
  indexDir: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const file = `${indexDir}.lock`;
  await mkdir(path.dirname(file), { recursive: true });
  await acquire(file, options.waitMs ?? 60_000, options.onWait);
  try {
    return await work();
  } finally {
    await rm(file, { force: true });
  }
}

async function acquire(file: string, waitMs: number, onWait?: (pid: number) => void): Promise<void> {
  const until = performance.now() + waitMs;
  let told = false;
  for (;;) {
    try {
      await writeFile(file, String(process.pid), { flag: "wx" });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await holderOf(file);
    if (holder === undefined) {
      await rm(file, { force: true }); // stale: its writer is gone
      continue;
    }
    if (performance.now() >= until) {
      throw new IngestError(
        "index_busy",
        `Another writer (process ${holder}) is updating the index (${file}). Try again when it has finished.`,
      );
    }
    if (!told) onWait?.(holder);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The live process holding the lock, or undefined when the lock is stale. */
async function holderOf(file: string): Promise<number | undefined> {
  // Unreadable or gone (released meanwhile) reads as no holder's pid; the mtime check below decides.
  const text = await readFile(file, "utf8").catch(() => "");
  const pid = Number(text.trim());
  if (Number.isInteger(pid) && pid > 0) return isAlive(pid) ? pid : undefined;
  const info = await stat(file).catch(() => undefined);
  return info && Date.now() - info.mtimeMs < EMPTY_LOCK_STALE_MS ? 0 : undefined;
}
