// The lexicons (see README.md beside this file), read once per process. Each
// file is plain text so that adding a word is a data change, not a code change.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { itemAt } from "../indexed.js";

import { INTENTS, SCOPE_LEVELS, type Intent, type ScopeLevel } from "./intent.js";

export type { Intent, ScopeLevel };

export interface Lexicons {
  /** Interrogatives, longest first. */
  questionWords: string[];
  intentPatterns: Array<{ intent: Intent; pattern: RegExp }>;
  courtesy: string[];
  preambles: RegExp[];
  fillers: string[];
  timeFillers: string[];
  /** Words that refer to the source itself (文章, 报道). */
  metaWords: string[];
  surnames: Set<string>;
  /** Longest first, so 公里 wins over 里. */
  measureWords: string[];
  provinces: Array<{ name: string; english: string }>;
  departments: string[];
  aliases: Array<{ long: string; short: string }>;
  abbreviations: Array<{ short: string; expansions: string[]; english: string[] }>;
  genericEntities: Set<string>;
  scopes: Array<{ word: string; level: ScopeLevel }>;
  roles: string[];
  events: string[];
  englishStopwords: Set<string>;
  /** English measure nouns → the corpus's measure words: "how much money" is counted in 元. */
  englishUnits: Map<string, string>;
  /** Words that name a kind of quantity, not a thing (金额, 人数) → the measure words that state it. */
  quantityNouns: Map<string, string>;
}

export class LexiconError extends Error {
  override name = "LexiconError";
}

function lexiconFile(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

/** The non-empty, non-comment lines of a lexicon file. */
export function readLexiconLines(name: string): string[] {
  let text: string;
  try {
    text = readFileSync(lexiconFile(name), "utf8");
  } catch (error) {
    throw new LexiconError(`Lexicon ingest/lexicons/${name} could not be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return text
    .split("\n")
    .map((line) => line.replace(/\r$/, ""))
    .filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
}

function fields(name: string, count: number): string[][] {
  return readLexiconLines(name).map((line, index) => {
    const parts = line.split("\t").map((part) => part.trim());
    if (parts.length < count)
      throw new LexiconError(
        `ingest/lexicons/${name}: entry ${index + 1} ("${line}") needs ${count} tab-separated fields.`,
      );
    return parts;
  });
}

/** The first two fields of each entry (fields() has checked there are that many). */
function pairs(name: string): [string, string][] {
  return fields(name, 2).map((parts) => [itemAt(parts, 0), itemAt(parts, 1)]);
}

function triples(name: string): [string, string, string][] {
  return fields(name, 3).map((parts) => [itemAt(parts, 0), itemAt(parts, 1), itemAt(parts, 2)]);
}

/** A file of `[section]` headers and lines under them. */
function sections(name: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of readLexiconLines(name)) {
    const [, header] = /^\[([a-z-]+)\]$/.exec(line.trim()) ?? [];
    if (header !== undefined) {
      current = [];
      out.set(header, current);
    } else if (current) current.push(line.trim());
    else throw new LexiconError(`ingest/lexicons/${name}: "${line}" comes before any [section] header.`);
  }
  return out;
}

function regex(name: string, source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new LexiconError(`ingest/lexicons/${name}: invalid pattern ${source}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

const byLength = (left: string, right: string) => right.length - left.length;

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((candidate) => candidate === value);
  if (!found) throw new LexiconError(`ingest/lexicons/${name}: "${value}" is not one of ${allowed.join(", ")}.`);
  return found;
}

function load(): Lexicons {
  const fillerSections = sections("fillers.txt");
  const section = (key: string) => fillerSections.get(key) ?? [];
  return {
    questionWords: readLexiconLines("question-words.txt")
      .map((line) => line.trim())
      .sort(byLength),
    intentPatterns: pairs("intents.tsv").map(([intent, pattern]) => ({
      intent: oneOf("intents.tsv", intent, INTENTS),
      pattern: regex("intents.tsv", pattern, "i"),
    })),
    courtesy: section("courtesy").sort(byLength),
    preambles: section("preamble").map((source) => regex("fillers.txt", source, "i")),
    fillers: section("filler").sort(byLength),
    timeFillers: section("time").sort(byLength),
    metaWords: section("meta").sort(byLength),
    surnames: new Set(readLexiconLines("surnames.txt").flatMap((line) => line.trim().split(/\s+/))),
    measureWords: readLexiconLines("measure-words.txt")
      .map((line) => line.trim())
      .sort(byLength),
    provinces: pairs("provinces.tsv").map(([name, english]) => ({ name, english })),
    departments: readLexiconLines("departments.txt")
      .map((line) => line.trim())
      .sort(byLength),
    aliases: pairs("aliases.tsv").map(([long, short]) => ({ long, short })),
    abbreviations: triples("abbreviations.tsv").map(([short, expansions, english]) => ({
      short,
      expansions: expansions.split("、").filter((expansion) => expansion !== short),
      english: english.split(";").map((phrase) => phrase.trim().toLowerCase()),
    })),
    genericEntities: new Set(readLexiconLines("generic-entities.txt").map((line) => line.trim())),
    scopes: pairs("scope.tsv").map(([word, level]) => ({
      word,
      level: oneOf("scope.tsv", level, SCOPE_LEVELS),
    })),
    roles: readLexiconLines("roles.txt")
      .map((line) => line.trim())
      .sort(byLength),
    events: readLexiconLines("events.txt")
      .map((line) => line.trim())
      .sort(byLength),
    englishStopwords: new Set(readLexiconLines("english-stopwords.txt").flatMap((line) => line.trim().split(/\s+/))),
    englishUnits: new Map(pairs("english-units.tsv").map(([word, unit]) => [word.toLowerCase(), unit])),
    quantityNouns: new Map(pairs("quantity-nouns.tsv")),
  };
}

let loaded: Lexicons | undefined;

/** All lexicons, read on first use and shared afterwards. */
export function lexicons(): Lexicons {
  loaded ??= load();
  return loaded;
}

/** An alternation of literal words for a RegExp, longest first. */
export function alternation(words: string[]): string {
  return [...words]
    .sort(byLength)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("|");
}
