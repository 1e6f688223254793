// One writer at a time in the corpus database, across processes and machines:
// a lease row (corpus_lease) that a full ingest, an upload or a removal takes
// before it writes and gives back after. Not a lock held in a transaction
// (PGlite serves every connection from one session, so a long transaction
// would stall every reader): a row with a holder and an expiry, renewed while
// the writer works. A writer that dies stops renewing, and the next one takes
// the lease over once it has expired. Every flip of the active version checks,
// in its transaction, that its writer still holds the lease.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { IngestError } from "../errors.js";

/** How long a lease lasts without renewal; renewed every third of it. */
const LEASE_MS = 60_000;
const POLL_MS = 250;

export interface WriterLease {
  readonly holder: string;
  /** Throws database_conflict unless this writer still holds the lease (run inside the flip's transaction). */
  confirm(client: pg.PoolClient): Promise<void>;
  release(): Promise<void>;
}

export interface LeaseOptions {
  /** Who writes, for the messages of those who wait ("npm run ingest", "an upload"). */
  purpose: string;
  /** How long to wait for another writer before giving up with index_busy. */
  waitMs?: number;
  /** Told once when another writer holds the lease and this one waits (its process id). */
  onWait?: (holderPid: number) => void;
}

/** Take the writer lease, waiting for another writer up to `waitMs` (60 s by default). */
export async function takeLease(pool: pg.Pool, options: LeaseOptions): Promise<WriterLease> {
  const holder = randomUUID();
  const description = `${options.purpose}, process ${process.pid} on ${hostname()}`;
  const until = performance.now() + (options.waitMs ?? 60_000);
  let told = false;
  for (;;) {
    const taken = await pool.query(
      `INSERT INTO corpus_lease (id, holder, pid, description, expires_at)
       VALUES (1, $1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (id) DO UPDATE SET holder = EXCLUDED.holder, pid = EXCLUDED.pid,
         description = EXCLUDED.description, expires_at = EXCLUDED.expires_at
       WHERE corpus_lease.expires_at < now()`,
      [holder, process.pid, description, LEASE_MS / 1000],
    );
    if (taken.rowCount === 1) return heldLease(pool, holder);
    const other = await pool.query<{ pid: number; description: string }>(
      "SELECT pid, description FROM corpus_lease WHERE id = 1",
    );
    const { pid = 0, description: busy = "another writer" } = other.rows[0] ?? {};
    if (performance.now() >= until) {
      throw new IngestError(
        "index_busy",
        `Another writer (${busy}) is updating the corpus in the database. Try again when it has finished.`,
      );
    }
    if (!told) options.onWait?.(pid);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function heldLease(pool: pg.Pool, holder: string): WriterLease {
  const renew = () =>
    pool
      .query("UPDATE corpus_lease SET expires_at = now() + make_interval(secs => $2) WHERE id = 1 AND holder = $1", [
        holder,
        LEASE_MS / 1000,
      ])
      .catch(() => undefined); // a renewal that fails is caught by confirm() at the flip
  const timer = setInterval(renew, LEASE_MS / 3);
  timer.unref();
  return {
    holder,
    async confirm(client) {
      const { rows } = await client.query<{ still: boolean }>(
        "SELECT holder = $1 AND expires_at > now() AS still FROM corpus_lease WHERE id = 1 FOR UPDATE",
        [holder],
      );
      if (rows[0]?.still !== true) {
        throw new IngestError(
          "database_conflict",
          "This writer's lease on the corpus expired (it was stalled) and another writer may have taken over; " +
            "nothing was changed. Run it again.",
        );
      }
    },
    async release() {
      clearInterval(timer);
      // Cleanup: a lease not deleted runs out by itself after LEASE_MS.
      await pool.query("DELETE FROM corpus_lease WHERE id = 1 AND holder = $1", [holder]).catch(() => undefined);
    },
  };
}

/** Run `work` holding the writer lease; it is given back however `work` ends. */
export async function withLease<T>(
  pool: pg.Pool,
  options: LeaseOptions,
  work: (lease: WriterLease) => Promise<T>,
): Promise<T> {
  const lease = await takeLease(pool, options);
  try {
    return await work(lease);
  } finally {
    await lease.release();
  }
}
