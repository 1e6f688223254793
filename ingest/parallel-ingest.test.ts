// A sharded ingest on worker threads builds what the serial one builds: the same BM25 tables and
// IDF byte for byte, every vector, and a graph searched across its shards that finds what the
// one-graph index finds. The seeds are small, so the shard minimum is lowered to force threads.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Retriever } from "../server/retrieval/retriever.js";
import { Bm25Index } from "./bm25.js";
import { LocalHashEmbeddings, type EmbedderSettings } from "./embed.js";
import { embeddingText, runIngest, type IngestOptions } from "./pipeline.js";
import { openSearchIndex, type LocalSearchIndex } from "./search-index.js";
import { readManifest, type Manifest } from "./store.js";

const SEEDS_DIR = fileURLToPath(new URL("../seeds/", import.meta.url));
const LOCAL: EmbedderSettings = { kind: "local", dimensions: 512 };
const HNSW = { m: 16, efConstruction: 64, efSearch: 64 };
const QUESTIONS = ["江苏有多少产业链党建联盟?", "贵安新区的重点项目党员攻坚队", "产业链党建"];

let root: string;
const built: Record<"serial" | "sharded", { dir: string; manifest: Manifest; index: LocalSearchIndex }> = {} as never;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "parallel-ingest-"));
  const runs: Array<["serial" | "sharded", Partial<IngestOptions>]> = [
    ["serial", {}],
    ["sharded", { threads: 3, minChunksPerShard: 1 }],
  ];
  for (const [name, options] of runs) {
    const dir = path.join(root, name, "index");
    await runIngest({ seedsDir: SEEDS_DIR, indexDir: dir, embedder: LOCAL, hnsw: HNSW, ...options });
    built[name] = { dir, manifest: (await readManifest(dir))!, index: await openSearchIndex(dir, LOCAL) };
  }
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("a sharded ingest", () => {
  it("builds three graph shards over consecutive labels, and the serial one a single graph", () => {
    const chunks = built.serial.manifest.counts.chunks;
    expect(built.serial.manifest.graphShards).toEqual([{ file: "vectors/hnswlib.index", firstLabel: 0 }]);
    const size = Math.ceil(chunks / 3);
    expect(built.sharded.manifest.graphShards).toEqual([
      { file: "vectors/hnswlib.index", firstLabel: 0 },
      { file: "vectors/hnswlib-1.index", firstLabel: size },
      { file: "vectors/hnswlib-2.index", firstLabel: 2 * size },
    ]);
    expect(built.sharded.index.vectorStore.index.getCurrentCount()).toBe(chunks);
  });

  it("writes the same BM25, IDF, article and chunk tables byte for byte", async () => {
    for (const file of ["lexical.bin", "idf.bin", "articles.bin", "chunks.bin", "userdict.txt"]) {
      const serial = await readFile(path.join(built.serial.dir, file));
      const sharded = await readFile(path.join(built.sharded.dir, file));
      expect(sharded.equals(serial), file).toBe(true);
    }
  });

  it("counts as Bm25Index.build and LocalHashEmbeddings.fit do over every chunk", () => {
    const { index } = built.sharded;
    const texts = index.chunks.map((chunk) => embeddingText(index.articleById.get(chunk.docId)!, chunk));
    const tokens = texts.map((text) => index.segmenter.tokens(text));
    expect(index.bm25.toTables()).toEqual(Bm25Index.build(tokens).toTables());
    const fitted = new LocalHashEmbeddings(index.segmenter, 512).fit(texts, tokens);
    expect(index.idf?.documents).toBe(fitted.documents);
    for (const [feature, weight] of Object.entries(fitted.idf)) expect(index.idf?.weightOf(feature)).toBe(weight);
    expect(index.idf?.weightOf("w:没有这个词")).toBeUndefined();
  });

  it("holds every chunk's vector as the serial graph does: the query embedder's vector of the chunk", () => {
    const { index } = built.sharded;
    const [serial, sharded] = [built.serial.index.vectorStore.index, index.vectorStore.index];
    if (!(index.embeddings instanceof LocalHashEmbeddings)) throw new Error("the local embedder was expected");
    for (let label = 0; label < built.serial.manifest.counts.chunks; label += 7) {
      expect(sharded.getPoint(label), `label ${label}`).toEqual(serial.getPoint(label));
      const chunk = index.chunks[label]!;
      const text = embeddingText(index.articleById.get(chunk.docId)!, chunk);
      // hnswlib normalises the stored 32-bit floats again, which moves the last bits only.
      const expected = index.embeddings.unitVector(text);
      const stored = sharded.getPoint(label);
      const largestDifference = Math.max(...stored.map((value, i) => Math.abs(value - expected[i]!)));
      expect(largestDifference, `label ${label}`).toBeLessThan(1e-6);
    }
  });

  it("retrieves what the one-graph index retrieves, vector neighbours across shards included", async () => {
    const [serial, sharded] = [new Retriever(built.serial.index), new Retriever(built.sharded.index)];
    const firstLabels = built.sharded.manifest.graphShards.map((shard) => shard.firstLabel);
    const shardsHit = new Set<number>();
    for (const question of QUESTIONS) {
      const ids = async (retriever: Retriever) =>
        (await retriever.retrieve(question, 8)).map((hit) => hit.chunk.chunkId);
      expect(await ids(sharded), question).toEqual(await ids(serial));
      const nearest = (await sharded.vectorSearch(question, 10)).map((hit) => hit.index);
      expect(nearest, question).toEqual((await serial.vectorSearch(question, 10)).map((hit) => hit.index));
      for (const label of nearest) shardsHit.add(firstLabels.filter((first) => first <= label).length - 1);
    }
    expect(shardsHit.size).toBeGreaterThan(1);
  });

  it("leaves no graph workspace behind", async () => {
    expect((await readdir(`${built.sharded.dir}.versions`)).filter((entry) => entry.endsWith(".partial"))).toEqual([]);
  });
});
