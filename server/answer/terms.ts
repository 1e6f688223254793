// The words of a (sub-)question that a source must hold, each weighted by its
// IDF in the corpus. A word the corpus never uses would weigh the most and can
// never be matched, so it backs off: to corpus words of the same sense
// (CC-CEDICT: 工人 → 职工), to the other form of a domain abbreviation
// (党建 ↔ 党的建设), and for long words to their character bigrams.
import { alternation, lexicons } from "../../ingest/lexicons/index.js";
import type { CorpusDictionary } from "../../ingest/lexicons/dictionary.js";
import { normalizeForMatch } from "../../ingest/text.js";
import type { SearchIndex } from "../retrieval/retriever.js";
import { foldAliases, isPersonName } from "./entities.js";
import type { TextSearch } from "./corpus-text.js";

export interface Term {
  word: string;
  weight: number;
  /** Other words that count as this one, at ALTERNATIVE_CREDIT. */
  alternatives: string[];
  /** The alternatives that are the same word in another form (abbreviation, homophone typo), not a related one. */
  sameWord: string[];
  /** The corpus never uses the word itself. */
  unknown: boolean;
}

const lex = lexicons();
const QUESTION_WORDS = new RegExp(alternation([...lex.questionWords, ...lex.fillers, ...lex.metaWords]), "g");
/** A match through a synonym or a bigram is weaker evidence than the word itself. */
export const ALTERNATIVE_CREDIT = 0.7;
/** Set on the dev split. */
const UNKNOWN_WEIGHT_SHARE = 0.4;
/** "是从", "都在": jieba sometimes keeps function characters together; they are no content. */
const FUNCTION_WORD = /^[是在从对把被的了都也就还又再该其这那和与及或而向于]+$/;

function idf(index: SearchIndex, word: string): number {
  const documents = index.bm25.size;
  const df = index.bm25.documentFrequency(word);
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

// "哪个单位", "哪些形式": the kind of thing asked for names no word the answer must hold.
const ASKED_KIND = /(?:哪个|哪些|哪几个|哪几|哪家|什么)(?:单位|部门|机构|地方|形式|方面|内容)/g;

/** The text a question's terms are read from: aliases folded, question words, fillers and the asked kind dropped. */
export function contentText(question: string): string {
  return foldAliases(question).replace(ASKED_KIND, " ").replace(QUESTION_WORDS, " ");
}

function abbreviationForms(word: string): string[] {
  const forms: string[] = [];
  for (const { short, expansions } of lex.abbreviations) {
    if (word === short) forms.push(...expansions);
    else if (expansions.includes(word)) forms.push(short);
  }
  return forms;
}

/** Bigrams of a word the corpus does not know, kept when the corpus uses them. */
function knownBigrams(word: string, index: SearchIndex): string[] {
  if (word.length < 3) return [];
  const out: string[] = [];
  for (let i = 0; i + 2 <= word.length; i++) {
    const bigram = word.slice(i, i + 2);
    if (index.bm25.documentFrequency(bigram) > 0) out.push(bigram);
  }
  return out;
}

/** Does the corpus know this word as a name (a place, an organisation, a person)? */
function isName(word: string, index: SearchIndex): boolean {
  const tagged = index.segmenter.tag(word);
  const only = tagged.length === 1 ? tagged[0] : undefined;
  return only !== undefined && (/^(ns|nt|nr)/.test(only.tag) || isPersonName(word, only.tag));
}

export function questionTerms(
  question: string,
  index: SearchIndex,
  dictionary?: CorpusDictionary,
  corpusText: TextSearch = "",
): Term[] {
  const text = normalizeForMatch(contentText(question));
  const weights = new Map<string, number>();
  for (const token of index.segmenter.tokens(text)) weights.set(token, idf(index, token));
  // Search mode also emits the parts of long words; keep a whole word and drop its parts, unless the
  // part also stands on its own ("机关" in "省直机关工委…机关基层党组织").
  const tokens = [...weights.keys()];
  const standsAlone = (token: string) => {
    const longer = tokens.filter((other) => other !== token && other.includes(token));
    return longer.length === 0 || longer.reduce((rest, other) => rest.split(other).join(" "), text).includes(token);
  };
  const words = tokens.filter((token) => standsAlone(token) && !FUNCTION_WORD.test(token));
  return words.map((word) => {
    const unknown = index.bm25.documentFrequency(word) === 0 && !corpusText.includes(word);
    // A word typed with the wrong character of the same sound (参家 for 参加, 陈浩 for 陈昊) is that word.
    // A name stands only for a name of the same sound: 都匀市 has no synonym, 陈浩 may be 陈昊 but not 称号.
    const name = isName(word, index);
    const homophones = (dictionary?.homophones(word) ?? []).filter((other) => !name || isName(other, index));
    const sameWord = [...abbreviationForms(word), ...(unknown ? homophones : [])];
    const related = unknown && !name ? [...(dictionary?.synonyms(word) ?? []), ...knownBigrams(word, index)] : [];
    const alternatives = [...new Set([...sameWord, ...related])];
    // IDF gives a word the corpus never uses the highest weight of all, though no source can hold it:
    // with nothing to back off to, it weighs as much as an ordinary word of the question, no more.
    const weight =
      unknown && alternatives.length === 0 ? UNKNOWN_WEIGHT_SHARE * (weights.get(word) ?? 0) : (weights.get(word) ?? 0);
    return { word, weight, alternatives, sameWord, unknown };
  });
}

/** How much of a term `text` holds: 1 for the word, ALTERNATIVE_CREDIT for an alternative, else 0. */
export function termCredit(term: Term, text: string, tokens: Set<string>): number {
  if (tokens.has(term.word) || text.includes(term.word)) return 1;
  return term.alternatives.some((alternative) => text.includes(alternative)) ? ALTERNATIVE_CREDIT : 0;
}

/** Extra words to search with: the alternatives of every term. */
export function expansionText(terms: Term[]): string {
  return terms.flatMap((term) => term.alternatives).join(" ");
}
