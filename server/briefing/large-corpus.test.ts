// A briefing on a large corpus does work proportional to what retrieval
// returns, never to the corpus (issue 14: 8,165 articles in one 30 MB page made
// each briefing take 137 s). The corpus is built here: 8,000 articles on one
// page, through the real ingest. Reads of the index's article and chunk lists
// during a request are counted: a scan of either would read thousands.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runIngest } from "../../ingest/pipeline.js";
import { openSearchIndex, Retriever, type SearchIndex } from "../retrieval/retriever.js";
import { syntheticPage } from "../test-support/synthetic-page.js";
import { Briefer } from "./briefer.js";

const ARTICLES = 8000;
const EMBEDDER = { kind: "local", dimensions: 64 } as const;

/** Counts element reads of an array: a loop over it reads every element. */
function counted<T>(items: T[], counter: { reads: number }): T[] {
  return new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) counter.reads++;
      return Reflect.get(target, key, receiver);
    },
  });
}

let workDir: string;
let index: SearchIndex;
let briefer: Briefer;
const reads = { reads: 0 };

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "large-corpus-"));
  await mkdir(path.join(workDir, "seeds"));
  await writeFile(path.join(workDir, "seeds", "big_page.txt"), syntheticPage(ARTICLES));
  const indexDir = path.join(workDir, "index");
  await runIngest({
    seedsDir: path.join(workDir, "seeds"),
    indexDir,
    embedder: EMBEDDER,
    hnsw: { m: 8, efConstruction: 16, efSearch: 32 },
  });
  index = await openSearchIndex(indexDir, EMBEDDER);
  briefer = new Briefer({ retriever: new Retriever(index) }); // reads the corpus once, here
  index.articles = counted(index.articles, reads);
  index.chunks = counted(index.chunks, reads);
}, 120_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function timedBriefing(topic: string, scope?: { province?: string; docId?: string }) {
  reads.reads = 0;
  const started = performance.now();
  const result = await briefer.build({ topic, ...(scope ? { scope } : {}) });
  return { result, ms: performance.now() - started, reads: reads.reads };
}

describe(`a briefing over ${ARTICLES} articles on one page`, () => {
  it("reads only the retrieved chunks and articles", async () => {
    expect(index.manifest.counts.articles).toBe(ARTICLES);
    const { result, ms, reads: elementReads } = await timedBriefing("产业链党建");
    expect(result.refused).toBeFalsy();
    if (result.refused) return;
    expect(result.points.length).toBeGreaterThanOrEqual(3);
    // A handful of retrievals of a few dozen hits each, against 8,000 articles and chunks.
    expect(elementReads).toBeLessThan(500);
    // The old scan took 80 s here; a bound far above any real run, far below the old cost.
    expect(ms).toBeLessThan(5000);
  });

  it("judges the page's province without re-reading the page", async () => {
    // Articles that name no province speak of their page's (江苏, named by the first article).
    const { result, reads: elementReads } = await timedBriefing("产业链党建", { province: "江苏" });
    expect(result.refused).toBeFalsy();
    expect(elementReads).toBeLessThan(500);
    const figures = result.refused ? [] : result.figures;
    expect(figures.length).toBeGreaterThan(0);
    expect(figures.every((figure) => figure.place === "江苏")).toBe(true);
  });

  it("briefs on one article through its own chunks", async () => {
    const docId = index.articles[1234]!.docId;
    const { result, reads: elementReads } = await timedBriefing("产业链党建", { docId });
    expect(elementReads).toBeLessThan(500);
    expect(result.refused).toBeFalsy();
    const citations = result.refused ? [] : result.citations;
    expect(citations.length).toBeGreaterThan(0);
    expect(citations.every((citation) => citation.docId === docId)).toBe(true);
  });
});
