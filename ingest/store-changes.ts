// What one change to the local store consists of: the uploads embedded
// against the current snapshot, their add deltas with the next labels, and
// the manifest after the change. Pure steps, no files touched.
import type { SourceProgress } from "./corpus-store.js";
import { prepareUpload, type EmbeddedSource, type PrepareProgress, type SourceFile } from "./prepare.js";
import type { SearchIndex } from "./search-index.js";
import type { SourceRecord } from "./source-record.js";
import { encodeVectors, type AddDelta } from "./store-delta.js";
import type { Manifest } from "./store.js";
import { itemAt } from "./indexed.js";

export function nextManifest(
  manifest: Manifest,
  added: SourceRecord[],
  removed?: SourceRecord,
): Omit<Manifest, "files" | "deltas"> {
  const sources = [...manifest.sources.filter((record) => record.sourceId !== removed?.sourceId), ...added];
  const removedSeed = removed?.origin === "seed" ? removed : undefined;
  return {
    ...manifest,
    updatedAt: new Date().toISOString(),
    sources,
    seeds: removedSeed ? manifest.seeds.filter((seed) => seed.name !== removedSeed.name) : manifest.seeds,
    excludedSeeds: removedSeed
      ? [...manifest.excludedSeeds, { name: removedSeed.name, sha256: removedSeed.sha256 }]
      : manifest.excludedSeeds,
    labels: manifest.labels + added.reduce((sum, record) => sum + record.chunks, 0),
    counts: {
      ...manifest.counts,
      files: sources.length,
      articles: sources.reduce((sum, record) => sum + record.articles, 0),
      chunks: sources.reduce((sum, record) => sum + record.chunks, 0),
    },
  };
}

export type ProgressListener = (progress: SourceProgress) => void;

export function progressOf(record: SourceRecord): Omit<SourceProgress, "stage" | "done"> {
  return { sourceId: record.sourceId, name: record.name, total: record.chunks };
}

export async function embedFiles(
  files: SourceFile[],
  ids: string[],
  snapshot: SearchIndex,
  onProgress?: ProgressListener,
): Promise<EmbeddedSource[]> {
  const { chunking, vectors } = snapshot.manifest;
  const env = { embeddings: snapshot.embeddings, segmenter: snapshot.segmenter, chunking, vectors };
  const out: EmbeddedSource[] = [];
  for (const [i, file] of files.entries()) {
    const report = (progress: PrepareProgress) =>
      onProgress?.({ sourceId: itemAt(ids, i), name: file.name, ...progress });
    out.push(await prepareUpload(file, env, report));
  }
  return out;
}

/** One add delta per source, with labels continuing after `firstLabel`. */
export function addDeltas(sources: EmbeddedSource[], firstLabel: number): AddDelta[] {
  let label = firstLabel;
  return sources.map((source) => {
    const delta: AddDelta = {
      kind: "add",
      source: source.record,
      articles: source.articles,
      chunks: source.chunks,
      firstLabel: label,
      vectors: encodeVectors(source.vectors),
    };
    label += source.chunks.length;
    return delta;
  });
}
