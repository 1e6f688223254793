// The HNSW graph of the local store, possibly in shards: a large corpus is embedded and inserted
// on every core at once (parallel-ingest.ts), one hnswlib graph per worker, and the shards are
// searched together, their neighbours merged by distance. Labels are chunk indexes across all
// shards: shard i holds the labels from firstLabels[i] up to the next shard's first, and points
// added later (uploads) go into the last one. The methods are hnswlib's, so a caller that knew one
// graph (search-index.ts, retrieval.ts) reads the same with several.
import hnswlib from "hnswlib-node";
import type { HnswParameters } from "./manifest.js";
import { itemAt } from "./indexed.js";

export interface GraphShard {
  graph: hnswlib.HierarchicalNSW;
  firstLabel: number;
}

export class ShardedGraph {
  constructor(private readonly shards: GraphShard[]) {
    if (shards.length === 0) throw new Error("a graph needs at least one shard");
  }

  get shardCount(): number {
    return this.shards.length;
  }

  searchKnn(query: number[], k: number, filter?: (label: number) => boolean): hnswlib.SearchResult {
    const found: Array<{ distance: number; label: number }> = [];
    for (const { graph } of this.shards) {
      const count = Math.min(k, graph.getMaxElements());
      if (count === 0 || graph.getCurrentCount() === 0) continue;
      const result = filter ? graph.searchKnn(query, count, filter) : graph.searchKnn(query, count);
      result.neighbors.forEach((label, i) => found.push({ distance: itemAt(result.distances, i), label }));
    }
    // One shard: its order as hnswlib gave it. Several: by distance, ties by label, so the merge is deterministic.
    if (this.shards.length > 1) found.sort((left, right) => left.distance - right.distance || left.label - right.label);
    const best = found.slice(0, k);
    return { distances: best.map((hit) => hit.distance), neighbors: best.map((hit) => hit.label) };
  }

  /** Points ever inserted (deleted ones included), as hnswlib counts them. */
  getCurrentCount(): number {
    return this.shards.reduce((sum, { graph }) => sum + graph.getCurrentCount(), 0);
  }

  getMaxElements(): number {
    return this.shards.reduce((sum, { graph }) => sum + graph.getMaxElements(), 0);
  }

  /** Room for `maxElements` points in all: the last shard (where new points go) grows. */
  resizeIndex(maxElements: number): void {
    const last = this.last().graph;
    last.resizeIndex(maxElements - (this.getMaxElements() - last.getMaxElements()));
  }

  addPoint(point: number[], label: number): void {
    this.last().graph.addPoint(point, label);
  }

  markDelete(label: number): void {
    this.holderOf(label).markDelete(label);
  }

  getPoint(label: number): number[] {
    return this.holderOf(label).getPoint(label);
  }

  getNumDimensions(): number {
    return itemAt(this.shards, 0).graph.getNumDimensions();
  }

  getEf(): number {
    return itemAt(this.shards, 0).graph.getEf();
  }

  setEf(ef: number): void {
    for (const { graph } of this.shards) graph.setEf(ef);
  }

  /** The shard a label was inserted into: the last one starting at or before it. */
  private holderOf(label: number): hnswlib.HierarchicalNSW {
    return ([...this.shards].reverse().find((shard) => shard.firstLabel <= label) ?? itemAt(this.shards, 0)).graph;
  }

  private last(): GraphShard {
    return itemAt(this.shards, this.shards.length - 1);
  }
}

/**
 * Insert `count` vectors (labels firstLabel…) into a new graph and write it to `file`. The vectors
 * are asked for one at a time, so they need not all be held at once.
 */
export async function buildGraphFile(
  file: string,
  options: { dimensions: number; hnsw: HnswParameters; firstLabel: number; count: number },
  vectorAt: (i: number) => ArrayLike<number>,
  onInserted?: (done: number) => void,
): Promise<void> {
  const { dimensions, hnsw, firstLabel, count } = options;
  const graph = new hnswlib.HierarchicalNSW(hnsw.space, dimensions);
  graph.initIndex(Math.max(1, count), hnsw.m, hnsw.efConstruction, 100);
  for (let i = 0; i < count; i++) {
    // hnswlib-node takes plain arrays only.
    graph.addPoint(Array.from(vectorAt(i)), firstLabel + i);
    if ((i + 1) % 256 === 0 || i + 1 === count) onInserted?.(i + 1);
  }
  await graph.writeIndex(file);
}

/** Read one shard's graph (hnswlib reads it off the main thread). */
export async function readGraphShard(
  file: string,
  hnsw: HnswParameters,
  dimensions: number,
): Promise<hnswlib.HierarchicalNSW> {
  const graph = new hnswlib.HierarchicalNSW(hnsw.space, dimensions);
  await graph.readIndex(file);
  graph.setEf(hnsw.efSearch);
  return graph;
}
