// The queue between the socket server's connections and PGlite's ONE session.
//
// pglite-socket 0.2.17 queues each wire-protocol message on its own and keeps
// a connection's messages together only while an SQL transaction is open. An
// extended-protocol batch (Parse, Bind, Describe, Execute, … Sync) is not a
// transaction, so two connections' batches interleave: B's Parse replaces the
// unnamed statement between A's Parse and A's Bind ("bind message supplies 9
// parameters, but prepared statement "" requires 5"), or, when the shapes
// match, A silently gets B's rows. A failed message also left its queue
// stopped for good. Both are electric-sql/pglite#1046 (fix proposed in #977).
//
// This queue gives the session to one connection from its first message until
// the message that ends its unit of work: Sync or Terminate for the extended
// protocol, a simple Query, or a startup packet; and, as before, for as long
// as a transaction it opened is open. The others wait their turn in order.
import type { PGlite } from "@electric-sql/pglite";

/** Messages after which the backend answers ReadyForQuery: the session may pass to another connection. */
const ENDS_UNIT_OF_WORK = new Set(["S", "Q", "X"]);

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

/** Whether `message` is a startup/SSL/cancel packet (no type byte: length, then a protocol code). */
function isUntypedPacket(message: Uint8Array): boolean {
  if (message.length < 8) return false;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  return view.getInt32(0) === message.length;
}

/** Whether, after `message`, the connection that sent it no longer needs the session to itself. */
export function endsUnitOfWork(message: Uint8Array): boolean {
  if (isUntypedPacket(message)) return true;
  return ENDS_UNIT_OF_WORK.has(String.fromCharCode(message[0] ?? 0));
}

/** The same methods as pglite-socket's QueryQueueManager, which the socket handlers call. */
export class SessionQueue {
  private queue: Pending[] = [];
  private processing = false;
  /** The connection the session belongs to until it ends its unit of work; null when free. */
  private owner: number | null = null;
  /** The connection whose message ran last (a transaction it opened keeps the session with it). */
  private lastHandlerId: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.processQueue();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((pending) => {
      if (pending.handlerId !== handlerId) return true;
      pending.reject(new Error("Handler disconnected"));
      return false;
    });
    if (this.owner === handlerId) this.owner = null;
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.db.isInTransaction() && this.lastHandlerId === handlerId) {
      await this.db.exec("ROLLBACK");
      this.lastHandlerId = null;
    }
    if (this.owner === handlerId) this.owner = null;
    await this.processQueue();
  }

  /** The next message allowed to run: the holder's, if the session is held; else the oldest. */
  private takeNext(): Pending | undefined {
    const holder = this.owner ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
    if (holder === null) return this.queue.shift();
    const at = this.queue.findIndex((pending) => pending.handlerId === holder);
    // The holder's next message has not arrived yet: everyone else waits for it.
    return at === -1 ? undefined : this.queue.splice(at, 1)[0];
  }

  private async processQueue(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let next = this.takeNext(); next; next = this.takeNext()) await this.run(next);
    } finally {
      this.processing = false;
    }
  }

  private async run(pending: Pending): Promise<void> {
    this.owner = endsUnitOfWork(pending.message) ? null : pending.handlerId;
    this.lastHandlerId = pending.handlerId;
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(pending.message, {
          onRawData: (data) => {
            bytes += data.length;
            pending.onData(data);
          },
        }),
      );
      pending.resolve(bytes);
    } catch (error) {
      // One connection's failure is its own: the queue goes on with the others.
      if (this.owner === pending.handlerId) this.owner = null;
      pending.reject(error);
    }
  }
}
