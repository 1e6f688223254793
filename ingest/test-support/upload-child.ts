// A process that uploads one file into a library and exits: killed with
// SIGKILL by the crash test at chosen moments.
// Usage: tsx upload-child.ts <indexDir> <dataDir> <file> <dimensions>
import { readFile } from "node:fs/promises";
import path from "node:path";
import { LocalCorpusStore } from "../store-local.js";

const [indexDir, dataDir, file, dimensions] = process.argv.slice(2);
if (!indexDir || !dataDir || !file || !dimensions) {
  console.error("usage: upload-child.ts <indexDir> <dataDir> <file> <dimensions>");
  process.exit(2);
}
const store = new LocalCorpusStore({ indexDir, dataDir, embedder: { kind: "local", dimensions: Number(dimensions) } });
await store.open();
await store.add([{ name: path.basename(file), bytes: await readFile(file) }], (progress) => {
  if (progress.done === progress.total) console.log(progress.stage);
});
console.log("added");
