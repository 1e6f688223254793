// Several HNSW shards behave as one graph: neighbours merged by distance, deletions routed to the
// shard holding the label, new points and growth in the last shard.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGraphFile, readGraphShard, ShardedGraph } from "./vector-graph.js";

const HNSW = { space: "cosine" as const, m: 8, efConstruction: 32, efSearch: 32 };
// Unit vectors on a circle in 2-D: the nearest neighbours of an angle are the nearby angles.
const at = (degrees: number) => [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)];
let dir: string;

async function shardedCircle(): Promise<ShardedGraph> {
  // Labels 0–17 are the angles 0°, 10°, …, 170°; labels 0–8 in one shard, 9–17 in the other.
  const shards = [];
  for (const firstLabel of [0, 9]) {
    const file = path.join(dir, `circle-${firstLabel}-${Math.random()}.index`);
    await buildGraphFile(file, { dimensions: 2, hnsw: HNSW, firstLabel, count: 9 }, (i) => at((firstLabel + i) * 10));
    shards.push({ graph: await readGraphShard(file, HNSW, 2), firstLabel });
  }
  return new ShardedGraph(shards);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "vector-graph-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("ShardedGraph", () => {
  it("merges the shards' neighbours by distance", async () => {
    const graph = await shardedCircle();
    expect(graph.getCurrentCount()).toBe(18);
    expect(graph.searchKnn(at(88), 4).neighbors).toEqual([9, 8, 10, 7]);
    expect(graph.searchKnn(at(88), 4, (label) => label % 2 === 0).neighbors).toEqual([8, 10, 6, 12]);
  });

  it("deletes a label in the shard that holds it", async () => {
    const graph = await shardedCircle();
    graph.markDelete(9);
    graph.markDelete(8);
    expect(graph.searchKnn(at(88), 2).neighbors).toEqual([10, 7]);
    expect(() => graph.markDelete(40)).toThrow();
  });

  it("adds new labels to the last shard, growing it", async () => {
    const graph = await shardedCircle();
    graph.resizeIndex(20);
    expect(graph.getMaxElements()).toBe(20);
    graph.addPoint(at(85), 18);
    expect(graph.getPoint(18).map((value) => value.toFixed(4))).toEqual(at(85).map((value) => value.toFixed(4)));
    expect(graph.searchKnn(at(86), 1).neighbors).toEqual([18]);
    graph.markDelete(18);
    expect(graph.searchKnn(at(86), 1).neighbors).toEqual([9]);
  });
});
