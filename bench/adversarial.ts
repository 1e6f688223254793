// `npx tsx bench/adversarial.ts`: the slowest time of each checker over the
// adversarial inputs of server/test-support/adversarial.ts (100 KB each), the
// figures behind the bound of server/adversarial-input.test.ts.
import { ADVERSARIAL_INPUTS, CHECKERS, SIZE } from "../server/test-support/adversarial.js";
import { itemAt } from "../ingest/indexed.js";

const ROUNDS = 3;
console.log(`| checker | slowest input | ms (median of ${ROUNDS}) |\n|---|---|---|`);
for (const [name, check] of Object.entries(CHECKERS)) {
  check("[1] 江苏901个。");
  let worst = { input: "", ms: 0 };
  for (const [input, text] of Object.entries(ADVERSARIAL_INPUTS)) {
    const times = Array.from({ length: ROUNDS }, () => {
      const started = performance.now();
      check(text);
      return performance.now() - started;
    }).sort((a, b) => a - b);
    const median = itemAt(times, Math.floor(ROUNDS / 2));
    if (median > worst.ms) worst = { input, ms: median };
  }
  console.log(`| ${name} | ${worst.input} | ${worst.ms.toFixed(1)} |`);
}
console.log(`\n${Object.keys(ADVERSARIAL_INPUTS).length} inputs of ${SIZE / 1024} KB each.`);
