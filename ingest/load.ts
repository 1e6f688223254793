// Loading seed pages: every .txt / .md file of a folder, checked before use.
// A file that is empty, binary or not UTF-8 is reported by name with the
// reason; by default that stops the ingest (nothing is changed), and with
// `skipInvalid` it is left out with a warning.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { IngestError } from "./errors.js";

export interface SeedFile {
  /** File name inside the seeds folder. */
  name: string;
  text: string;
  sha256: string;
  bytes: number;
}

export interface RejectedFile {
  name: string;
  reason: string;
}

const SEED_EXTENSIONS = new Set([".txt", ".md"]);
const utf8 = new TextDecoder("utf-8", { fatal: true });

export async function loadSeeds(
  seedsDir: string,
  options: { skipInvalid?: boolean } = {},
): Promise<{ files: SeedFile[]; rejected: RejectedFile[] }> {
  const entries = await listSeedFiles(seedsDir);
  const files: SeedFile[] = [];
  const rejected: RejectedFile[] = [];
  for (const name of entries) {
    const bytes = await readFile(path.join(seedsDir, name));
    const reason = checkSeed(bytes);
    if (reason) {
      rejected.push({ name, reason });
      continue;
    }
    files.push({ name, text: utf8.decode(bytes), sha256: sha256(bytes), bytes: bytes.length });
  }
  if (rejected.length > 0 && !options.skipInvalid) {
    const list = rejected.map((file) => `  ${path.join(seedsDir, file.name)}: ${file.reason}`).join("\n");
    throw new IngestError(
      "invalid_seed",
      `Cannot ingest ${rejected.length} seed file(s):\n${list}\nFix or remove them, or run with --skip-invalid to leave them out. The existing index was not changed.`,
    );
  }
  if (files.length === 0) {
    throw new IngestError("no_seeds", `No usable .txt or .md files in ${seedsDir}. Add seed pages there, or pass --seeds DIR.`);
  }
  return { files, rejected };
}

async function listSeedFiles(seedsDir: string): Promise<string[]> {
  const info = await stat(seedsDir).catch(() => undefined);
  if (!info) throw new IngestError("seeds_missing", `Seeds folder ${seedsDir} does not exist. Create it and add .txt or .md pages, or pass --seeds DIR.`);
  if (!info.isDirectory()) throw new IngestError("seeds_missing", `${seedsDir} is not a folder. Pass the folder that holds the seed pages with --seeds DIR.`);
  const names: string[] = [];
  for (const entry of await readdir(seedsDir, { withFileTypes: true })) {
    if (!SEED_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) continue;
    // A symlink counts when it points at a file.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(path.join(seedsDir, entry.name)).catch(() => undefined))?.isFile());
    if (isFile) names.push(entry.name);
  }
  return names.sort();
}

/** Why a file cannot be ingested, or undefined when it can. */
export function checkSeed(bytes: Buffer): string | undefined {
  if (bytes.length === 0) return "the file is empty";
  if (bytes.includes(0)) return "the file is binary (it contains NUL bytes), not text";
  try {
    const text = utf8.decode(bytes);
    if (text.trim() === "") return "the file holds only whitespace";
  } catch {
    return "the file is not valid UTF-8 (convert it, e.g. iconv -f GB18030 -t UTF-8)";
  }
  return undefined;
}

export function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}
