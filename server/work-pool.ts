// A pool of worker threads for work that would hold the event loop (briefings,
// the checks of a long model reply; later upload parsing and embedding): while
// a worker computes, the main thread keeps answering /api/health, sockets and
// short questions. Generic: a task is any exported function of a module,
// called with arguments and returning a value that structured clone can copy.
// Each run has a time budget; past it the worker is stopped (piscina
// terminates the thread and starts a fresh one) and the run fails.
import { inspect } from "node:util";
import { Piscina } from "piscina";

export type WorkErrorCode = "work_timeout" | "work_cancelled" | "work_busy" | "work_failed";

export class WorkError extends Error {
  override name = "WorkError";
  /** work_busy: about when a run would be taken (the queue's wait at the recent pace). */
  readonly retryAfterMs?: number;
  constructor(
    readonly code: WorkErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** The retry hint of a refused run, at least (a fresh pool has no pace yet) and at most. */
const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 10_000;
/** Weight of the latest run in the recent pace: the mean of the first runs, then a moving average. */
const PACE_WEIGHT = 0.1;

export interface WorkPoolOptions {
  /** Worker threads (each loads what its tasks need, e.g. the index, once). */
  threads: number;
  /** Runs waiting for a thread; one more is refused with work_busy. */
  maxQueue: number;
  /** Default time budget of one run, queueing included. */
  budgetMs: number;
}

/** A task: an exported function of a module, named by the module's URL (`new URL("./x.ts", import.meta.url)`). */
export interface Task<Args extends unknown[], Result> {
  module: URL;
  name: string;
  /** Types only: what the task takes and returns. */
  readonly signature?: (...args: Args) => Result;
}

export function defineTask<Args extends unknown[], Result>(module: URL, name: string): Task<Args, Result> {
  return { module, name };
}

const BOOTSTRAP = new URL("./workers/bootstrap.mjs", import.meta.url);

export class WorkPool {
  private readonly pool: Piscina;
  /** Runs handed to piscina: never more than the threads, so none waits inside it. */
  private running = 0;
  /** Runs waiting for a thread, first come first served: each takes the slot of the run that ends before it. */
  private readonly waiting: Array<() => void> = [];
  /** Recent time of a run on its thread (ms), for the retry hint of a refused one, and the runs it is of. */
  private paceMs = 0;
  private paced = 0;

  constructor(readonly options: WorkPoolOptions) {
    this.pool = new Piscina({
      filename: BOOTSTRAP.href,
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      // Not the parent's loader flags (tsx under `npm start`): the bootstrap loads TypeScript itself, the same way
      // under every parent (npm start, vitest, a bench script).
      execArgv: [],
      // Workers run at a lower priority, so the event loop thread wins the CPU when both want it.
      niceIncrement: 10,
    });
  }

  /** Run `task` on a worker; rejects with a WorkError on timeout, cancel, a full queue or a failed task. */
  async run<Args extends unknown[], Result>(
    task: Task<Args, Result>,
    args: Args,
    options: { signal?: AbortSignal; budgetMs?: number } = {},
  ): Promise<Awaited<Result>> {
    // Runs accepted and not yet settled are those running and those waiting (counted here: piscina's own limit
    // depends on its thread state).
    if (this.running + this.waiting.length >= this.options.threads + this.options.maxQueue) {
      throw new WorkError("work_busy", `${task.name}: ${this.options.maxQueue} runs are already waiting for a worker`, {
        retryAfterMs: this.retryAfterMs(),
      });
    }
    const budgetMs = options.budgetMs ?? this.options.budgetMs;
    const budget = AbortSignal.timeout(budgetMs);
    const signal = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
    let startedAt: number | undefined; // set once the run holds a thread
    try {
      await this.threadFree(signal);
      startedAt = performance.now();
      return await this.pool.run({ module: task.module.href, task: task.name, args }, { signal });
    } catch (error) {
      if (options.signal?.aborted)
        throw new WorkError("work_cancelled", `${task.name} was cancelled`, { cause: error });
      if (budget.aborted)
        throw new WorkError("work_timeout", `${task.name} took longer than ${budgetMs} ms`, { cause: error });
      throw new WorkError(
        "work_failed",
        `${task.name} failed: ${error instanceof Error ? error.message : inspect(error)}`,
        { cause: error },
      );
    } finally {
      if (startedAt !== undefined) {
        const ranMs = performance.now() - startedAt;
        this.paced++;
        this.paceMs += Math.max(PACE_WEIGHT, 1 / this.paced) * (ranMs - this.paceMs);
        this.releaseThread();
      }
    }
  }

  /** When a slot is likely to be free: the runs ahead of a newcomer, a thread's share each, at the recent pace. */
  private retryAfterMs(): number {
    const wait = ((this.waiting.length + 1) / this.options.threads) * this.paceMs;
    return Math.round(Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, wait)));
  }

  /**
   * Waits, in order of arrival, until fewer than `threads` runs are on piscina. Piscina's own queue is not
   * first come first served for runs with a signal (ours all have their budget): a run it cannot place goes back
   * to the tail of its queue, or with `stricterFIFO` a new run goes before every waiting one. Under a steady load
   * (50 clients, one thread) some runs then waited out a whole 10 s test while others were answered again and again.
   */
  private threadFree(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    if (this.running < this.options.threads) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const take = () => {
        signal.removeEventListener("abort", giveUp);
        resolve();
      };
      const giveUp = () => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(signal.reason);
      };
      signal.addEventListener("abort", giveUp, { once: true });
      this.waiting.push(take);
    });
  }

  /** The thread of a run that ended goes to the first run waiting, else back to the pool. */
  private releaseThread(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
