// Reads vitest's JSON report and prints the plain closing line "N passed, M failed".
// M counts every failed test and every failed file: a file whose import or beforeAll
// throws has no failed test of its own (its tests are skipped), so counting tests
// alone would report it as green. Exits non-zero when anything failed.
import { existsSync, readFileSync, statSync } from "node:fs";

const [file, status] = process.argv.slice(2);
if (!file || !existsSync(file) || statSync(file).size === 0) {
  console.log("no test report was written (vitest did not finish)");
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, "utf8"));
const failedFiles = report.testResults.filter((result) => result.status === "failed");
for (const result of failedFiles) {
  const failedTests = result.assertionResults.filter((test) => test.status === "failed").length;
  const why = failedTests > 0 ? `${failedTests} failed test(s)` : (result.message || "the file failed").split("\n")[0];
  console.log(`FAILED FILE ${result.name}: ${why}`);
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
const failed = report.numFailedTests + failedFiles.length;
const detail = `${report.numFailedTests} failed test(s), ${failedFiles.length} failed file(s)${skipped ? `, ${skipped} skipped` : ""}`;
console.log(detail);
// A run that exited non-zero with nothing counted as failed is still a failure.
const exitedBadly = status !== undefined && status !== "0";
console.log(`${report.numPassedTests} passed, ${failed === 0 && exitedBadly ? 1 : failed} failed`);
process.exit(failed > 0 || exitedBadly ? 1 : 0);
