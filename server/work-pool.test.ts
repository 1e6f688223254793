// The work pool on real worker threads: results and errors come back, a run
// past its budget or cancelled stops its worker, a full queue refuses, and the
// main thread stays free while workers are busy.
import { threadId } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import type * as PoolTasks from "./test-support/pool-tasks.js";
import { defineTask, WorkError, WorkPool } from "./work-pool.js";

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
    const runs = Array.from({ length: 6 }, () =>
      pool.run(spin, [300]).then(
        () => "done",
        (error: WorkError) => error.code,
      ),
    );
    const outcomes = await Promise.all(runs);
    expect(outcomes.filter((outcome) => outcome === "done")).toHaveLength(4); // two running, two queued
    expect(outcomes.filter((outcome) => outcome === "work_busy")).toHaveLength(2);
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
