// What the index records about each source (one seed file or one upload), and
// how sources get their ids. The id is the docId prefix (`<sourceId>-a01`), so
// it must be unique across sources and safe in a URL: a seed keeps its file
// stem ("003_518b5102fb447ec0", so citations stay stable), other extensions add
// theirs ("dup.md" → "dup-md", never the same as "dup.txt" → "dup"), and a
// name that is not plain ASCII gets a hash of the name. Uploads are named by a
// hash of their bytes, so the same file uploaded twice is recognised.
import { createHash } from "node:crypto";
import path from "node:path";
import { z } from "zod/v4";
import { SOURCE_FORMATS, type SourceFormat } from "./sources/types.js";

export interface SourceRecord {
  sourceId: string;
  /** The file name as given (seed file or uploaded name): any characters, never used as a path. */
  name: string;
  title?: string;
  format: SourceFormat;
  bytes: number;
  sha256: string;
  addedAt: string;
  origin: "seed" | "upload";
  /** Where the original is kept: "seeds/<name>" or "uploads/<sourceId>.<ext>" (under DATA_DIR). */
  file: string;
  /** Text sources: the encoding the file was decoded with. */
  encoding?: string;
  articles: number;
  chunks: number;
}

/** A record as the manifest (and an upload's record file beside its original) keeps it. */
export const sourceRecordSchema = z
  .object({
    sourceId: z.string(),
    name: z.string(),
    title: z.string().optional(),
    format: z.enum(SOURCE_FORMATS),
    bytes: z.number(),
    sha256: z.string(),
    addedAt: z.string(),
    origin: z.enum(["seed", "upload"]),
    file: z.string(),
    encoding: z.string().optional(),
    articles: z.number(),
    chunks: z.number(),
  })
  .strict();

const SAFE_ID = /^[A-Za-z0-9_][\w.-]{0,99}$/;

export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The id of a seed file, unique among `taken` (which it is added to). */
export function seedSourceId(name: string, taken: Set<string>): string {
  const extension = path.extname(name).toLowerCase();
  const stem = name.slice(0, name.length - extension.length);
  const preferred = extension === ".txt" ? stem : `${stem}-${extension.slice(1)}`;
  let id = SAFE_ID.test(preferred) && !/-a\d+$/.test(preferred) ? preferred : `s-${sha256(name).slice(0, 12)}`;
  // A collision ("a-md.txt" beside "a.md") falls back to a hash of the name.
  for (let salt = 0; taken.has(id); salt++) id = `s-${sha256(`${name}\0${salt}`).slice(0, 12)}`;
  taken.add(id);
  return id;
}

export function uploadSourceId(contentSha256: string): string {
  return `u-${contentSha256.slice(0, 12)}`;
}

/**
 * The name people see for a source: the file name, unless it is a machine
 * code ("000_e0a201f519d5c824.txt"), then the document's title.
 */
export function readableSourceName(name: string, title?: string): string {
  const stem = path.basename(name, path.extname(name));
  const looksLikeCode = /[0-9a-f]{8,}/i.test(stem) || /^[\d_-]+$/.test(stem);
  return looksLikeCode && title ? title : name;
}
