// The work pool on real worker threads: results and errors come back, a run
// past its budget or cancelled stops its worker, a full queue refuses, and the
// main thread stays free while workers are busy.
import { threadId } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import type * as PoolTasks from "./test-support/pool-tasks.js";
import { defineTask, WorkError, WorkPool } from "./work-pool.js";
import { fromWorkError, toErrorBody } from "./errors.js";

const TASKS = new URL("./test-support/pool-tasks.ts", import.meta.url);
const add = defineTask<Parameters<typeof PoolTasks.add>, ReturnType<typeof PoolTasks.add>>(TASKS, "add");
const fail = defineTask<[string], never>(TASKS, "fail");
const spin = defineTask<[number], number>(TASKS, "spin");

const pool = new WorkPool({ threads: 2, maxQueue: 2, budgetMs: 5000 });
afterAll(() => pool.close());

async function failure(run: Promise<unknown>): Promise<WorkError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WorkError);
  return error as WorkError;
}

describe("WorkPool", () => {
  it("runs a TypeScript task on another thread", async () => {
    const result = await pool.run(add, [2, 3]);
    expect(result.sum).toBe(5);
    expect(result.threadId).not.toBe(threadId);
  });

  it("passes a task's error back as work_failed", async () => {
    const error = await failure(pool.run(fail, ["boom"]));
    expect(error.code).toBe("work_failed");
    expect(error.message).toContain("boom");
  });

  it("stops a run past its budget, and the pool goes on", async () => {
    const started = performance.now();
    const error = await failure(pool.run(spin, [10_000], { budgetMs: 200 }));
    expect(error.code).toBe("work_timeout");
    expect(performance.now() - started).toBeLessThan(3000);
    expect((await pool.run(add, [1, 1])).sum).toBe(2);
  });

  it("stops a cancelled run", async () => {
    const controller = new AbortController();
    const running = pool.run(spin, [10_000], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect((await failure(running)).code).toBe("work_cancelled");
  });

  it("refuses a run when the queue is full", async () => {
    const refusals: WorkError[] = [];
    const runs = Array.from({ length: 6 }, () =>
      pool.run(spin, [300]).then(
        () => "done",
        (error: WorkError) => (refusals.push(error), error.code),
      ),
    );
    const outcomes = await Promise.all(runs);
    expect(outcomes.filter((outcome) => outcome === "done")).toHaveLength(4); // two running, two queued
    expect(outcomes.filter((outcome) => outcome === "work_busy")).toHaveLength(2);
    for (const refusal of refusals) expect(refusal.retryAfterMs).toBeGreaterThanOrEqual(100);
  });

  it("tells a refused run when to come back: the queue's wait at the recent pace", async () => {
    const single = new WorkPool({ threads: 1, maxQueue: 1, budgetMs: 5000 });
    try {
      // The pace: ~300 ms a run (the first run, which starts the worker, is one of six in the mean).
      await single.run(spin, [1]);
      for (let i = 0; i < 5; i++) await single.run(spin, [300]);
      const outcomes = await Promise.all(
        Array.from({ length: 3 }, () =>
          single.run(spin, [300]).then(
            () => undefined,
            (error: WorkError) => error,
          ),
        ),
      );
      const refused = outcomes.filter((outcome) => outcome !== undefined);
      expect(refused.map((error) => error.code)).toEqual(["work_busy"]);
      // One running and one waiting ahead of it, on one thread: about 600 ms.
      expect(refused[0]?.retryAfterMs).toBeGreaterThan(450);
      expect(refused[0]?.retryAfterMs).toBeLessThan(1500);
      // What the user is sent (a socket's answer:error, an HTTP body with Retry-After): the same hint.
      const body = toErrorBody(fromWorkError(refused[0], 5000));
      expect(body).toMatchObject({ code: "busy", retryAfterMs: refused[0]?.retryAfterMs });
    } finally {
      await single.close();
    }
  });

  it("serves waiting runs first come, first served under a steady load", async () => {
    // One thread, ten callers that each ask again as soon as their run ends: in order of arrival the runs
    // take turns, so every ten in a row hold each caller once. (Piscina's own queue sent the next in line to
    // the back at each run's end; some callers then waited out the whole load.)
    const single = new WorkPool({ threads: 1, maxQueue: 20, budgetMs: 5000 });
    try {
      const finished: number[] = [];
      await Promise.all(
        Array.from({ length: 10 }, async (_, caller) => {
          for (let turn = 0; turn < 4; turn++) {
            await single.run(spin, [2]);
            finished.push(caller);
          }
        }),
      );
      for (let start = 0; start < finished.length; start += 10)
        expect(new Set(finished.slice(start, start + 10)).size, `turn ${start / 10}: ${finished.join(",")}`).toBe(10);
    } finally {
      await single.close();
    }
  });

  it("drops a waiting run that is cancelled or out of budget, and the next one in line runs", async () => {
    const single = new WorkPool({ threads: 1, maxQueue: 5, budgetMs: 5000 });
    try {
      const busy = single.run(spin, [300]);
      const controller = new AbortController();
      const cancelled = failure(single.run(add, [1, 1], { signal: controller.signal }));
      const timedOut = failure(single.run(add, [2, 2], { budgetMs: 100 }));
      const next = single.run(add, [3, 4]);
      controller.abort();
      expect((await cancelled).code).toBe("work_cancelled");
      expect((await timedOut).code).toBe("work_timeout");
      await busy;
      expect((await next).sum).toBe(7);
      expect((await single.run(add, [5, 5])).sum).toBe(10);
      const already = new AbortController();
      already.abort();
      expect((await failure(single.run(add, [1, 2], { signal: already.signal }))).code).toBe("work_cancelled");
    } finally {
      await single.close();
    }
  });

  it("leaves the main thread free while the workers spin", async () => {
    const busy = Promise.all([pool.run(spin, [600]), pool.run(spin, [600])]);
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const asked = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      delays.push(performance.now() - asked - 20);
    }
    await busy;
    expect(Math.max(...delays)).toBeLessThan(50);
  });
});
