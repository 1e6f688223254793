// Tasks for the work-pool tests: a result, a failure and a busy loop that
// would hold an event loop.
import { threadId } from "node:worker_threads";

export function add(a: number, b: number): { sum: number; threadId: number } {
  return { sum: a + b, threadId };
}

export function fail(message: string): never {
  throw new Error(message);
}

/** Keeps its thread busy for `ms`, as a long briefing on a large corpus would. */
export function spin(ms: number): number {
  const until = Date.now() + ms;
  let turns = 0;
  while (Date.now() < until) turns++;
  return turns;
}
