// Incremental changes to the index: a source added (its articles, chunks and
// vectors, appended after the last label) or removed (its labels). A change is
// published as a new version folder that hard-links every file of the current
// one and adds one small delta file, so adding a page costs the page, not the
// corpus. Loading replays the deltas in order, all at once (search-index.ts replayDeltas); a full
// `npm run ingest -- --force` folds them into a fresh build.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod/v4";
import type { Article } from "./articles.js";
import type { Chunk } from "./chunk.js";
import type { SourceRecord } from "./source-record.js";
import { fileChecksum } from "./file-checksum.js";
import { newVersionId, publishVersion, realDirectory, shareFile, writePartial } from "./store-files.js";
import {
  INDEX_FORMAT_VERSION,
  SOURCES_FILE,
  writeManifestFile,
  type Manifest,
  type SourceChanges,
} from "./manifest.js";

export interface AddDelta {
  kind: "add";
  source: SourceRecord;
  articles: Article[];
  chunks: Chunk[];
  /** Label of the first chunk; the others follow. */
  firstLabel: number;
  /** The chunks' vectors, float32 little-endian, base64. */
  vectors: string;
}

export interface RemoveDelta {
  kind: "remove";
  sourceId: string;
  labels: number[];
  /** A removed seed file, kept out of later rebuilds. */
  excludedSeed?: { name: string; sha256: string };
}

export type Delta = AddDelta | RemoveDelta;

// Shapes are checked loosely here (the checksum already proved the bytes are ours);
// the point is a clear error for a file from another version of the code.
export const deltaSchema: z.ZodType<Delta> = z.union([
  z.object({
    kind: z.literal("add"),
    source: z.custom<SourceRecord>((value) => typeof value === "object" && value !== null),
    articles: z.array(z.custom<Article>()),
    chunks: z.array(z.custom<Chunk>()),
    firstLabel: z.number().int().nonnegative(),
    vectors: z.string(),
  }),
  z.object({
    kind: z.literal("remove"),
    sourceId: z.string(),
    labels: z.array(z.number().int().nonnegative()),
    excludedSeed: z.object({ name: z.string(), sha256: z.string() }).optional(),
  }),
]);

export function encodeVectors(vectors: Float32Array[]): string {
  const out = Buffer.alloc(vectors.reduce((sum, vector) => sum + vector.byteLength, 0));
  let offset = 0;
  for (const vector of vectors) {
    out.set(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength), offset);
    offset += vector.byteLength;
  }
  return out.toString("base64");
}

export function decodeVectors(encoded: string, count: number): Float32Array[] {
  const bytes = Buffer.from(encoded, "base64");
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const dimensions = count === 0 ? 0 : all.length / count;
  return Array.from({ length: count }, (_, i) => all.subarray(i * dimensions, (i + 1) * dimensions));
}

/** The sources changed since the build after `deltas`: an addition appended, a removal taken out of them. */
export function sourceChangesAfter(changes: SourceChanges, deltas: Delta[]): SourceChanges {
  let added = changes.added;
  const removed = [...changes.removed];
  for (const delta of deltas) {
    if (delta.kind === "add") added = [...added, delta.source];
    else if (added.some((record) => record.sourceId === delta.sourceId))
      added = added.filter((record) => record.sourceId !== delta.sourceId);
    else removed.push(delta.sourceId);
  }
  return { added, removed };
}

/**
 * Publish `deltas` on top of the current version: a new version folder sharing
 * every current file, plus one file per delta and the next manifest.
 */
export async function publishDeltas(
  indexDir: string,
  current: Manifest,
  deltas: Delta[],
  next: Omit<Manifest, "files" | "deltas">,
): Promise<{ manifest: Manifest; directory: string }> {
  const from = await realDirectory(indexDir);
  const partialDir = path.join(`${indexDir}.versions`, `${newVersionId()}.partial`);
  const files = { ...current.files };
  const deltaFiles = [...current.deltas];
  const manifest = await writePartial(partialDir, async (): Promise<Manifest> => {
    for (const file of Object.keys(current.files)) await shareFile(path.join(from, file), path.join(partialDir, file));
    await mkdir(path.join(partialDir, "deltas"), { recursive: true });
    for (const delta of deltas) {
      const file = `deltas/${String(deltaFiles.length + 1).padStart(6, "0")}-${delta.kind}.json`;
      await writeFile(path.join(partialDir, file), JSON.stringify(delta));
      files[file] = await fileChecksum(path.join(partialDir, file));
      deltaFiles.push(file);
    }
    // The build's sources are shared with the version before; only what changed since is written. A
    // format-4 base (every source in its manifest) gets a sources file now, with nothing changed since.
    let sourceChanges = current.sourceChanges && sourceChangesAfter(current.sourceChanges, deltas);
    if (!current.files[SOURCES_FILE] || !sourceChanges) {
      await writeFile(path.join(partialDir, SOURCES_FILE), JSON.stringify(next.sources));
      files[SOURCES_FILE] = await fileChecksum(path.join(partialDir, SOURCES_FILE));
      sourceChanges = { added: [], removed: [] };
    }
    const written: Manifest = {
      ...next,
      formatVersion: INDEX_FORMAT_VERSION,
      sourceChanges,
      deltas: deltaFiles,
      files,
    };
    await writeManifestFile(partialDir, written);
    return written;
  });
  return { manifest, directory: await publishVersion(indexDir, partialDir) };
}
