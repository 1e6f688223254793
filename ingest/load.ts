// Loading seed pages: every file of a folder in a format we read (.txt, .md,
// .pdf, .docx, .html), parsed and checked before use. A file that cannot be
// read (empty, binary, an unknown encoding, a scanned PDF, a symlink leading
// out of the folder) is reported by name with the reason; by default that stops
// the ingest (nothing is changed), and with `skipInvalid` it is left out with a
// warning. Files of other types are listed as ignored, never silently dropped.
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { IngestError } from "./errors.js";
import { sha256 } from "./source-record.js";
import { formatOf, parseDocument, type ParsedDocument } from "./sources/index.js";

export { sha256 } from "./source-record.js";

export interface SeedFile {
  /** File name inside the seeds folder. */
  name: string;
  parsed: ParsedDocument;
  sha256: string;
  bytes: number;
}

export interface RejectedFile {
  name: string;
  reason: string;
}

export interface LoadedSeeds {
  files: SeedFile[];
  rejected: RejectedFile[];
  /** Files of a type we do not read (a .png, a .xlsx): named in a warning. */
  ignored: RejectedFile[];
}

export async function loadSeeds(
  seedsDir: string,
  options: { skipInvalid?: boolean; exclude?: Set<string> } = {},
): Promise<LoadedSeeds> {
  const { candidates, ignored, rejected } = await listSeedFiles(seedsDir);
  const files: SeedFile[] = [];
  for (const name of candidates) {
    try {
      const bytes = await readFile(path.join(seedsDir, name));
      const checksum = sha256(bytes);
      // Removed through the API: stays out of every rebuild until its content changes.
      if (options.exclude?.has(`${name}\0${checksum}`)) continue;
      files.push({ name, parsed: await parseDocument(bytes, name), sha256: checksum, bytes: bytes.length });
    } catch (error) {
      rejected.push({ name, reason: reasonOf(error) });
    }
  }
  rejected.sort((a, b) => a.name.localeCompare(b.name));
  if (rejected.length > 0 && !options.skipInvalid) throw invalidSeeds(seedsDir, rejected);
  return { files, rejected, ignored };
}

export function invalidSeeds(seedsDir: string, rejected: RejectedFile[]): IngestError {
  const list = rejected.map((file) => `  ${path.join(seedsDir, file.name)}: ${file.reason}`).join("\n");
  return new IngestError(
    "invalid_seed",
    `Cannot ingest ${rejected.length} seed file(s):\n${list}\nFix or remove them, or run with --skip-invalid to leave them out. The existing index was not changed.`,
  );
}

function reasonOf(error: unknown): string {
  if (error instanceof IngestError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EACCES"
    ? "the file cannot be read (permission denied)"
    : `the file cannot be read (${code ?? (error as Error).message})`;
}

async function listSeedFiles(
  seedsDir: string,
): Promise<{ candidates: string[]; ignored: RejectedFile[]; rejected: RejectedFile[] }> {
  const info = await stat(seedsDir).catch(() => undefined); // reported below as missing, by name
  if (!info)
    throw new IngestError(
      "seeds_missing",
      `Seeds folder ${seedsDir} does not exist. Create it and add pages (.txt, .md, .pdf, .docx, .html), or pass --seeds DIR.`,
    );
  if (!info.isDirectory())
    throw new IngestError(
      "seeds_missing",
      `${seedsDir} is not a folder. Pass the folder that holds the seed pages with --seeds DIR.`,
    );
  const root = await realpath(seedsDir);
  const candidates: string[] = [];
  const ignored: RejectedFile[] = [];
  const rejected: RejectedFile[] = [];
  for (const entry of await readdir(seedsDir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.isDirectory()) continue;
    if (!formatOf(entry.name)) {
      ignored.push({ name: entry.name, reason: "not a format the ingest reads (.txt, .md, .pdf, .docx, .html)" });
      continue;
    }
    if (entry.isSymbolicLink()) {
      // A link is followed only to a file inside the seeds folder: "passwd.txt → /etc/passwd" is not a page.
      // A dangling link resolves to nothing: ignored below with the reason, as a link outside is.
      const target = await realpath(path.join(seedsDir, entry.name)).catch(() => undefined);
      const inside = target !== undefined && target.startsWith(root + path.sep) && (await stat(target)).isFile();
      if (!inside) {
        rejected.push({
          name: entry.name,
          reason:
            "a symbolic link to a file outside the seeds folder (or to nothing); links are only followed inside it",
        });
        continue;
      }
    } else if (!entry.isFile()) {
      continue;
    }
    candidates.push(entry.name);
  }
  return { candidates: candidates.sort(), ignored: ignored.sort((a, b) => a.name.localeCompare(b.name)), rejected };
}
