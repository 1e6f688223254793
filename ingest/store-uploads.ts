// The uploaded originals under DATA_DIR/uploads, named `<sourceId>.<ext>`
// (never by the name a user gave), each with its record beside it
// (`<sourceId>.<ext>.record.json`: name, format, checksum, when added), so the
// uploads survive a manifest that cannot be read: a rebuild then finds them here
// instead of dropping them, and the tidy-up below cannot take them for orphans.
// Each file is written aside and renamed into place; an original that no version
// refers to was left by an upload killed before its version was published, and is
// removed with its record.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EmbeddedSource, SourceFile } from "./prepare.js";
import { sourceRecordSchema, type SourceRecord } from "./source-record.js";
import { isAlive } from "./store-files.js";
import type { Manifest } from "./store.js";
import { itemAt } from "./indexed.js";

const RECORD_SUFFIX = ".record.json";

async function writeAside(target: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  await writeFile(partial, data);
  await rename(partial, target);
}

/** Write `record` beside its original at `original` (a full build rewrites it: the counts change). */
export function storeUploadRecord(original: string, record: SourceRecord): Promise<void> {
  return writeAside(`${original}${RECORD_SUFFIX}`, `${JSON.stringify(record, null, 2)}\n`);
}

/** Keep each original and its record; returns the paths written (to remove if the change fails). */
export async function storeOriginals(
  dataDir: string,
  files: SourceFile[],
  embedded: EmbeddedSource[],
): Promise<string[]> {
  const stored: string[] = [];
  for (const [i, source] of embedded.entries()) {
    const target = path.join(dataDir, source.record.file);
    await writeAside(target, itemAt(files, i).bytes);
    stored.push(target);
    await storeUploadRecord(target, source.record);
    stored.push(`${target}${RECORD_SUFFIX}`);
  }
  return stored;
}

/** Remove an upload's original and its record (the source was deleted). */
export async function removeOriginal(dataDir: string, record: SourceRecord): Promise<void> {
  const original = path.join(dataDir, record.file);
  await rm(original, { force: true });
  await rm(`${original}${RECORD_SUFFIX}`, { force: true });
}

/**
 * The records kept beside the originals in `uploadsDir`, oldest first, for a rebuild without
 * a readable manifest. A record that cannot be read is named in `warn` and left out (its
 * original stays where it is).
 */
export async function readUploadRecords(uploadsDir: string, warn: (message: string) => void): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for (const entry of (await readdir(uploadsDir).catch(() => [] as string[])).sort()) {
    if (!entry.endsWith(RECORD_SUFFIX)) continue;
    const file = path.join(uploadsDir, entry);
    try {
      const parsed = sourceRecordSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
      if (!parsed.success || parsed.data.origin !== "upload") throw new Error("it is not an upload's record");
      records.push(parsed.data);
    } catch (error) {
      warn(`The upload record ${file} cannot be used (${(error as Error).message}); its original is left out.`);
    }
  }
  return records.sort((a, b) => a.addedAt.localeCompare(b.addedAt));
}

/** Remove originals (and records) that `manifest` does not list (a live writer's `.partial` files are left alone). */
export async function removeOrphanUploads(uploadsDir: string, manifest: Manifest): Promise<void> {
  const referenced = new Set(manifest.sources.map((record) => path.basename(record.file)));
  for (const entry of await readdir(uploadsDir).catch(() => [] as string[])) {
    const writer = /\.(\d+)\.partial$/.exec(entry);
    if (writer && isAlive(Number(writer[1]))) continue;
    const original = entry.endsWith(RECORD_SUFFIX) ? entry.slice(0, -RECORD_SUFFIX.length) : entry;
    if (!referenced.has(original)) await rm(path.join(uploadsDir, entry), { force: true });
  }
}
