// Every checker that reads model or corpus text, timed on 100 KB inputs built
// to make a backtracking pattern blow up (issue 14: `[1` and 8,000 spaces froze
// the server for 90 s). A linear checker takes a few milliseconds; 100 ms is
// the bound the issue sets, far below what any super-linear pattern needs here.
import { describe, expect, it } from "vitest";
import { ADVERSARIAL_INPUTS, CHECKERS, cpuMs, SIZE } from "./test-support/adversarial.js";

const BOUND_MS = 100;

describe(`every checker on ${SIZE / 1024} KB adversarial input`, () => {
  for (const [name, check] of Object.entries(CHECKERS)) {
    it(`${name} stays under ${BOUND_MS} ms`, () => {
      check("[1] 江苏901个。"); // compile and warm up
      const slow = Object.entries(ADVERSARIAL_INPUTS)
        .map(([input, text]) => ({ input, ms: Math.round(cpuMs(() => check(text))) }))
        .filter((timing) => timing.ms > BOUND_MS);
      expect(slow).toEqual([]);
    });
  }
});
