// A corpus dictionary: CC-CEDICT restricted to the words a corpus uses. It
// answers two questions the answerer asks:
// - which corpus words say what an English question says ("villager" → 村民,
//   "Changshun" → 长顺 by its pinyin, "party building" → 党建 from the
//   abbreviation lexicon), replacing a glossary sized to the eval;
// - which corpus words mean what a question word the corpus never uses means
//   (工人 → 职工: both have the sense "worker").
import { stemmer } from "stemmer";
import { readCedict, type CedictEntry } from "./cedict.js";
import { lexicons } from "./index.js";
import { itemAt } from "../indexed.js";
import { BoundedMemo } from "../bounded-memo.js";

interface Sense {
  /** Stems of the sense's content words, joined by spaces: "industri valu chain". */
  key: string;
  /** Written as a verb ("to take in"): too broad to stand in for another word. */
  verb: boolean;
}

interface SenseOwner {
  word: string;
  /** Position of the sense among the word's senses: the first sense is what the word mostly means. */
  rank: number;
}

const HAN_WORD = /^[\u4e00-\u9fff]{1,8}$/;
const MAX_NAME_PINYIN_WORD = 6;

/** English words, lower case, British spellings folded (organisation → organization). */
function englishWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]/g, "")
    .split(/[^a-z]+/)
    .filter(Boolean)
    .map((word) => word.replace(/is(ations?|e|ed|es|ing)$/, "iz$1"));
}

function stemPhrase(phrase: string): string[] {
  const stop = lexicons().englishStopwords;
  return englishWords(phrase)
    .filter((word) => !stop.has(word))
    .map(stemmer);
}

/** The senses of a dictionary definition: "to build; to construct (Tw)" → ["build", "construct"]. */
function senses(english: string[]): Sense[] {
  const out: Sense[] = [];
  for (const definition of english) {
    if (/^(?:variant of|old variant|see |surname |used in |abbr\. for|cl:)/i.test(definition)) continue;
    for (const phrase of definition.replace(/\([^)]{0,80}\)|\[[^\]]{0,80}\]/g, " ").split(/[;,]/)) {
      const verb = /^\s*to\s/i.test(phrase);
      const stems = stemPhrase(phrase.replace(/^\s*(?:to|lit\.|fig\.)\s+/i, ""));
      if (stems.length > 0 && stems.length <= 4) out.push({ key: stems.join(" "), verb });
    }
  }
  return out;
}

function tonelessSyllables(pinyin: string): string[] {
  return pinyin
    .toLowerCase()
    .replace(/u:/g, "v")
    .split(/\s+/)
    .map((syllable) => syllable.replace(/[0-9]/g, ""));
}

/** English words for a place's level, and the character the corpus writes for it. */
const ADMIN_LEVELS: Record<string, string> = {
  province: "省",
  city: "市",
  county: "县",
  district: "区",
  prefecture: "州",
  town: "镇",
  township: "乡",
  village: "村",
};

export interface EnglishLookup {
  /** Chinese corpus words for the English question, in question order. */
  terms: string[];
  /** English content words nothing was found for. */
  unknown: string[];
}

/** What does not depend on a corpus: every word's definitions and every character's readings. */
interface DictionaryTables {
  definitions: Map<string, string[]>;
  readings: Map<string, Set<string>>;
  /**
   * A word's senses and pinyin keys, as a corpus dictionary reads them: a corpus change makes a new
   * corpus dictionary over nearly the same words, and reading every word's definitions again took
   * 0.4–0.55 s at 10,000× the seeds.
   */
  wordSenses: BoundedMemo<string, Sense[]>;
  wordPinyin: BoundedMemo<string, string[]>;
}

/** Words whose senses and pinyin keys are remembered: more than a 10,000× corpus's vocabulary. */
const WORDS_REMEMBERED = 1_000_000;

const tablesCache = new WeakMap<CedictEntry[], DictionaryTables>();

/** Built once per dictionary (so once per process for CC-CEDICT), shared by every corpus dictionary. */
function tablesOf(dictionary: CedictEntry[]): DictionaryTables {
  const known = tablesCache.get(dictionary);
  if (known) return known;
  const definitions = new Map<string, string[]>();
  const readings = new Map<string, Set<string>>();
  for (const entry of dictionary) {
    const previous = definitions.get(entry.simplified);
    definitions.set(entry.simplified, previous ? [...previous, ...entry.english] : entry.english);
    if ([...entry.simplified].length !== 1) continue;
    const syllable = tonelessSyllables(entry.pinyin)[0];
    if (syllable) readings.set(entry.simplified, (readings.get(entry.simplified) ?? new Set()).add(syllable));
  }
  const tables = {
    definitions,
    readings,
    wordSenses: new BoundedMemo<string, Sense[]>(WORDS_REMEMBERED),
    wordPinyin: new BoundedMemo<string, string[]>(WORDS_REMEMBERED),
  };
  tablesCache.set(dictionary, tables);
  return tables;
}

export class CorpusDictionary {
  /** stem or stem phrase → the corpus words with that sense. */
  private readonly bySense = new Map<string, SenseOwner[]>();
  /** toneless pinyin, syllables joined ("guian") → corpus words of two or more characters. */
  private readonly byPinyin = new Map<string, string[]>();
  /** Every dictionary word's definitions, read into senses only for a word the corpus lacks. */
  private readonly definitions: Map<string, string[]>;
  /** Toneless readings of every single character. */
  private readonly readings: Map<string, Set<string>>;
  /** The corpus's own words. */
  private readonly words: Set<string>;

  constructor(
    vocabulary: Iterable<string>,
    private readonly frequency: (word: string) => number = () => 0,
    dictionary: CedictEntry[] = readCedict(),
  ) {
    const corpusWords = new Set([...vocabulary].filter((word) => HAN_WORD.test(word)));
    this.words = corpusWords;
    const tables = tablesOf(dictionary);
    ({ definitions: this.definitions, readings: this.readings } = tables);
    const readings = this.readings;
    for (const word of corpusWords) {
      tables.wordSenses
        .get(word, () => senses(this.definitions.get(word) ?? []))
        .forEach((sense, rank) => addOwner(this.bySense, sense.key, { word, rank }));
      if (word.length < 2 || word.length > MAX_NAME_PINYIN_WORD) continue;
      for (const key of tables.wordPinyin.get(word, () => pinyinKeys(word, readings))) {
        const owners = this.byPinyin.get(key);
        if (owners) owners.push(word);
        else this.byPinyin.set(key, [word]);
      }
    }
    for (const { short, english } of lexicons().abbreviations) {
      for (const phrase of english) addOwner(this.bySense, stemPhrase(phrase).join(" "), { word: short, rank: -1 });
    }
  }

  /**
   * Corpus words sharing the first definition of `word` as one of their own first
   * definition's senses (工人 "worker" → 职工 "employee; staff member; worker").
   * Words of one character are too ambiguous to stand in for another word.
   */
  synonyms(word: string): string[] {
    const first = this.definitions.get(word)?.[0];
    // A proper name ("Duyun, county-level city in Guizhou") has no synonym: it names one thing.
    if (!first || /^[A-Z]/.test(first)) return [];
    const found = new Set<string>();
    for (const sense of senses([first]).filter((candidate) => !candidate.verb)) {
      for (const owner of this.bySense.get(sense.key) ?? []) {
        if (owner.word !== word && owner.word.length >= 2 && owner.rank <= 2) found.add(owner.word);
      }
    }
    return [...found];
  }

  /** Corpus words spelled with the same sounds (参家 → 参加): the commonest typing slip with a pinyin keyboard. */
  homophones(word: string): string[] {
    if (!HAN_WORD.test(word) || word.length < 2) return [];
    const found = new Set(pinyinKeys(word, this.readings).flatMap((key) => this.byPinyin.get(key) ?? []));
    found.delete(word);
    return [...found].filter((other) => other.length === word.length);
  }

  /** The Chinese corpus words an English question names, longest phrases first. */
  lookupEnglish(question: string): EnglishLookup {
    const stop = lexicons().englishStopwords;
    const raw = question
      .replace(/['’]/g, "")
      .split(/[^A-Za-z]+/)
      .filter(Boolean);
    const terms: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < raw.length;) {
      const match = this.longestMatch(raw, i);
      if (match) {
        terms.push(match.word);
        i += match.length;
        continue;
      }
      const word = itemAt(raw, i).toLowerCase();
      if (!stop.has(word)) unknown.push(word);
      i++;
    }
    return { terms: [...new Set(terms)], unknown };
  }

  private longestMatch(tokens: string[], start: number): { word: string; length: number } | undefined {
    const stop = lexicons().englishStopwords;
    for (let length = Math.min(4, tokens.length - start); length >= 1; length--) {
      const slice = tokens.slice(start, start + length);
      if (length === 1 && stop.has(itemAt(slice, 0).toLowerCase())) return undefined;
      // "has Jiangsu", "Jiangsu built": a phrase with a stopword in it is its other words' sense,
      // which a longer entry may own only loosely (张家港 "…in Suzhou, Jiangsu"); match those words alone.
      if (length > 1 && slice.some((token) => stop.has(token.toLowerCase()))) continue;
      // A capitalised name is read as pinyin first: "Changshun" → 长顺, "Guian" → 贵安(新区),
      // and with the English word for its level: "Changshun County" → 长顺县.
      const name = /^[A-Z]/.test(itemAt(slice, 0))
        ? (this.placeName(slice) ?? this.byName(slice.join("").toLowerCase()))
        : undefined;
      if (name) return { word: name, length };
      const owners = this.bySense.get(stemPhrase(slice.join(" ")).join(" "));
      if (owners) return { word: this.best(owners), length };
    }
    return undefined;
  }

  /** "Changshun County" → 长顺县 when the corpus has it: a name and the English for its level. */
  private placeName(slice: string[]): string | undefined {
    const suffix = slice.length === 2 ? ADMIN_LEVELS[itemAt(slice, 1).toLowerCase()] : undefined;
    if (!suffix) return undefined;
    const name = this.byPinyin.get(itemAt(slice, 0).toLowerCase())?.map((word) => word + suffix);
    return name?.find((word) => this.words.has(word));
  }

  /** The corpus word spelled `pinyin`, else the shortest one whose spelling starts with it. */
  private byName(pinyin: string): string | undefined {
    const exact = this.byPinyin.get(pinyin);
    if (exact) return [...exact].sort((left, right) => left.length - right.length)[0];
    if (pinyin.length < 5) return undefined;
    let best: string | undefined;
    for (const [key, words] of this.byPinyin) {
      if (!key.startsWith(pinyin)) continue;
      for (const word of words) if (!best || word.length < best.length) best = word;
    }
    return best;
  }

  /** The word a sense most belongs to: its first sense, several characters, used often in the corpus. */
  private best(owners: SenseOwner[]): string {
    const score = (owner: SenseOwner) =>
      owner.rank * 10 - Math.min(owner.word.length, 3) - Math.log1p(this.frequency(owner.word));
    return itemAt(
      [...owners].sort((left, right) => score(left) - score(right)),
      0,
    ).word;
  }
}

function addOwner(map: Map<string, SenseOwner[]>, key: string, owner: SenseOwner): void {
  const owners = map.get(key) ?? [];
  if (!owners.some((known) => known.word === owner.word)) owners.push(owner);
  map.set(key, owners);
}

/** Toneless pinyin spellings of a word from its characters' readings (at most 8 for heteronyms). */
function pinyinKeys(word: string, readings: Map<string, Set<string>>): string[] {
  let keys = [""];
  for (const char of word) {
    const options = [...(readings.get(char) ?? [])];
    if (options.length === 0) return [];
    keys = keys.flatMap((key) => options.map((option) => key + option)).slice(0, 8);
  }
  return keys;
}
