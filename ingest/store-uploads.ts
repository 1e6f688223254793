// The uploaded originals under DATA_DIR/uploads, named `<sourceId>.<ext>`
// (never by the name a user gave). Each is written aside and renamed into
// place; one that no version refers to was left by an upload killed before its
// version was published, and is removed.
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EmbeddedSource, SourceFile } from "./prepare.js";
import { isAlive } from "./store-files.js";
import type { Manifest } from "./store.js";
import { itemAt } from "./indexed.js";

/** Keep each original; returns the paths written (to remove if the change fails). */
export async function storeOriginals(
  dataDir: string,
  files: SourceFile[],
  embedded: EmbeddedSource[],
): Promise<string[]> {
  const stored: string[] = [];
  for (const [i, source] of embedded.entries()) {
    const target = path.join(dataDir, source.record.file);
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    await writeFile(partial, itemAt(files, i).bytes);
    await rename(partial, target);
    stored.push(target);
  }
  return stored;
}

/** Remove originals that `manifest` does not list (a live writer's `.partial` files are left alone). */
export async function removeOrphanUploads(uploadsDir: string, manifest: Manifest): Promise<void> {
  const referenced = new Set(manifest.sources.map((record) => path.basename(record.file)));
  for (const entry of await readdir(uploadsDir).catch(() => [] as string[])) {
    const writer = /\.(\d+)\.partial$/.exec(entry);
    if (writer && isAlive(Number(writer[1]))) continue;
    if (!referenced.has(entry)) await rm(path.join(uploadsDir, entry), { force: true });
  }
}
