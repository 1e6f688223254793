// Child process: add pages one at a time to a built index through the live
// store (what an upload does), timing each, then remove one and a page of the build; checks that each
// added page answers its planted question.
// `tsx bench/add-page-child.ts <indexDir> <pagesDir>` → one JSON line.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { LocalCorpusStore } from "../ingest/store-local.js";
import { Answerer } from "../server/answer/answerer.js";
import { embedderSettings, loadConfig } from "../server/config.js";
import { Retriever } from "../server/retrieval/retriever.js";
import { percentiles } from "./stats.js";
import { itemAt } from "../ingest/indexed.js";

const [indexDir, pagesDir] = process.argv.slice(2);
if (!indexDir || !pagesDir) throw new Error("usage: add-page-child.ts <indexDir> <pagesDir>");
const config = loadConfig();
const store = new LocalCorpusStore({ indexDir, dataDir: path.dirname(indexDir), embedder: embedderSettings(config) });
const openStart = performance.now();
await store.open();
const openMs = Math.round(performance.now() - openStart);

// A running server has an answerer already (the dictionary tables are made once per process).
new Answerer({ retriever: new Retriever(store.current()) });

const addMs: number[] = [];
// From the upload's return to the answer of its question: a new answerer over the new snapshot, as
// the server makes on its first question after a change, and that answer.
const firstAnswerMs: number[] = [];
const chunks: number[] = [];
let answered = 0;
const pages = (await readdir(pagesDir)).filter((name) => name.endsWith(".txt")).sort();
let lastId = "";
for (const name of pages) {
  const bytes = await readFile(path.join(pagesDir, name));
  const started = performance.now();
  const [added] = await store.add([{ name, bytes }]);
  addMs.push(performance.now() - started);
  lastId = added!.sourceId;
  chunks.push(store.current().manifest.sources.find((source) => source.sourceId === lastId)?.chunks ?? 0);
  // The page's first planted fact, asked right after the upload returned.
  const marker = /(新增地点[^建]+)建立了(\d+)个测试联盟/.exec(bytes.toString("utf8"));
  if (marker) {
    const answerStart = performance.now();
    const result = await new Answerer({ retriever: new Retriever(store.current()) }).answer({
      question: `${marker[1]}建立了多少个测试联盟？`,
    });
    firstAnswerMs.push(performance.now() - answerStart);
    if (result.answer.includes(itemAt(marker, 2)) && result.citations[0]?.sourceId === lastId) answered++;
  }
}
const timed = async (sourceId: string) => {
  const started = performance.now();
  await store.remove(sourceId);
  return Math.round(performance.now() - started);
};
const removeMs = await timed(lastId);
// A page of the full build, from the middle of the corpus: its words' lists are the long ones.
const built = store.current().manifest.sources.filter((source) => source.origin === "seed");
const removeBuiltMs = built.length > 0 ? await timed(itemAt(built, Math.floor(built.length / 2)).sourceId) : undefined;
await store.close();
console.log(
  JSON.stringify({
    pages: pages.length,
    openMs,
    addMs: percentiles(addMs),
    firstAnswerMs: percentiles(firstAnswerMs),
    chunksPerPage: Math.round(chunks.reduce((a, b) => a + b, 0) / Math.max(1, chunks.length)),
    removeMs,
    removeBuiltMs,
    answered,
  }),
);
