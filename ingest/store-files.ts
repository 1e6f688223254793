// File-system steps of the index store: version folders, the symlink swapped
// with one rename(2), hard links for files a new version shares with the old
// one, and clearing what killed writers left behind.
import { copyFile, link, lstat, mkdir, readdir, readlink, rename, rm, symlink } from "node:fs/promises";
import path from "node:path";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A fresh, unique version folder name: the time and this process. */
export function newVersionId(now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, "-")}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(dir, relative)));
    else out.push(relative);
  }
  return out.sort();
}

/** Share an unchanged file with the new version: a hard link (no copy), or a copy where links are not possible. */
export async function shareFile(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

/** Point `indexDir` at `target` (relative to its folder) atomically. */
export async function swapSymlink(indexDir: string, target: string): Promise<void> {
  const existing = await lstat(indexDir).catch(() => undefined); // none yet: the first version
  if (existing && !existing.isSymbolicLink()) {
    // An index folder from before symlinks (or made by hand): move it aside once.
    await rename(indexDir, `${indexDir}.previous-${Date.now()}`);
  }
  const link = `${indexDir}.link-${process.pid}`;
  await removeStaleLinks(indexDir);
  await rm(link, { force: true });
  await symlink(target, link, "dir");
  await rename(link, indexDir); // atomic replace of the old symlink
}

/** Temporary symlinks left by writers that were killed between creating and renaming them. */
async function removeStaleLinks(indexDir: string): Promise<void> {
  const prefix = `${path.basename(indexDir)}.link-`;
  for (const entry of await readdir(path.dirname(indexDir))) {
    const pid = entry.startsWith(prefix) ? Number(entry.slice(prefix.length)) : NaN;
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid))
      await rm(path.join(path.dirname(indexDir), entry), { force: true });
  }
}

/** Every version but `keep`, and `.partial` folders of writers that died. */
export async function removeOldVersions(versionsDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(versionsDir)) {
    // A build in progress in another live process is left alone; one whose process died is litter.
    const builder = /-(\d+)(?:-[a-z0-9]+)?\.partial$/.exec(entry);
    if (entry === keep || (builder && Number(builder[1]) !== process.pid && isAlive(Number(builder[1])))) continue;
    await rm(path.join(versionsDir, entry), { recursive: true, force: true });
  }
}

/** The version folder the index symlink points at (the folder itself when it is no link). */
export async function realDirectory(indexDir: string): Promise<string> {
  const info = await lstat(indexDir);
  return info.isSymbolicLink() ? path.resolve(path.dirname(indexDir), await readlink(indexDir)) : indexDir;
}

/** Write a version into `partialDir` with `work`; a failure removes the half-written folder. */
export async function writePartial<T>(partialDir: string, work: () => Promise<T>): Promise<T> {
  await mkdir(partialDir, { recursive: true });
  try {
    return await work();
  } catch (error) {
    await rm(partialDir, { recursive: true, force: true });
    throw error;
  }
}

/** Publish a finished `.partial` folder as the current version. */
export async function publishVersion(indexDir: string, partialDir: string): Promise<string> {
  const finalDir = partialDir.replace(/\.partial$/, "");
  await rename(partialDir, finalDir);
  await swapSymlink(indexDir, path.relative(path.dirname(indexDir), finalDir));
  await removeOldVersions(path.dirname(finalDir), path.basename(finalDir));
  return finalDir;
}
