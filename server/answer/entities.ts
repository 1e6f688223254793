// Places, organisations and people named in a text, from the lexicons
// (provinces, departments, generic words) and jieba's name tags. The answerer
// guards with them (a question on 浙江 is not answered from 江苏), and the
// briefing scopes with them.
import { alternation, lexicons } from "../../ingest/lexicons/index.js";
import type { Segmenter } from "../../ingest/segment.js";
import { BoundedMemo } from "../../ingest/bounded-memo.js";

const lex = lexicons();

/** The 34 provincial-level divisions, by the short names people type. */
export const PROVINCES: readonly string[] = lex.provinces.map((province) => province.name);
const PROVINCE_PATTERN = new RegExp(alternation([...PROVINCES]), "g");
// One pass for the English names (a text is read once, not once per province); added in the list's order.
const ENGLISH_PROVINCE_PATTERN = new RegExp(`\\b(?:${lex.provinces.map(({ english }) => english).join("|")})\\b`, "gi");
const PROVINCE_BY_ENGLISH = new Map(lex.provinces.map(({ name, english }) => [english.toLowerCase(), name]));
// Provincial departments and bureaus: 省教育厅, 省工信厅, 省大数据局; and the listed names without 省.
const DEPARTMENT = /省[\u4e00-\u9fff]{2,5}?(?:厅|局)/g;
const NAMED_DEPARTMENT = new RegExp(alternation(lex.departments), "g");
const ALIASES = lex.aliases.map(({ long, short }) => ({ pattern: new RegExp(long, "g"), short }));
const NAME_TAGS = new Set(["ns", "nt", "nr", "nrt"]);

/** Short forms for long organisation names, so 工业和信息化厅 and 工信厅 match. */
export function foldAliases(text: string): string {
  // One answer folds the same articles and sentences dozens of times (each entity checked against
  // each candidate's article, each sentence scored): 15 % of an answer's CPU at 1× before the memo.
  if (text.length > FOLD_MEMO_TEXT_LIMIT) return foldAliasesUncached(text);
  return folded.get(text, () => foldAliasesUncached(text));
}

const FOLD_MEMO_TEXT_LIMIT = 50_000;
const folded = new BoundedMemo<string, string>(2048);

/** foldAliases without the memo, for a caller that keeps the result itself (an article's words, by article). */
export function foldAliasesUncached(text: string): string {
  return ALIASES.reduce((folding, { pattern, short }) => folding.replace(pattern, short), text);
}

/** Provinces named in a text (short names). */
export function provincesIn(text: string): Set<string> {
  const found = new Set(text.match(PROVINCE_PATTERN) ?? []);
  const english = new Set((text.match(ENGLISH_PROVINCE_PATTERN) ?? []).map((match) => match.toLowerCase()));
  if (english.size === 0) return found;
  for (const [englishName, name] of PROVINCE_BY_ENGLISH) if (english.has(englishName)) found.add(name);
  return found;
}

/** "贵州省工信厅" names the province and the department: guard on each separately. */
function stripProvincePrefix(name: string): string {
  const province = PROVINCES.find((candidate) => name.startsWith(candidate) && name.length > candidate.length + 1);
  if (!province) return name.replace(/省$/, "");
  return name.slice(province.length).replace(/^省/, "省");
}

/** Named places, organisations and people in a text, without nested duplicates. */
export function findEntities(input: string, segmenter: Segmenter): string[] {
  // Read up to 4,000 characters, as a question is: nothing may make analysis slow.
  const text = input.slice(0, 4000);
  const found = new Set<string>(provincesIn(text));
  for (const match of text.matchAll(DEPARTMENT)) found.add(stripProvincePrefix(match[0]));
  for (const match of foldAliases(text).matchAll(NAMED_DEPARTMENT)) found.add(match[0]);
  for (const { word, tag } of segmenter.tag(text)) {
    // jieba tags some common nouns as names (二人, 老大哥): a person's name opens with a surname.
    const person = tag === "nr" || tag === "nrt";
    if (NAME_TAGS.has(tag) && (!person || lex.surnames.has(word.charAt(0)) || lex.surnames.has(word.slice(0, 2))))
      found.add(stripProvincePrefix(word));
  }
  const entities = [...found].filter((entity) => entity.length >= 2 && !lex.genericEntities.has(entity));
  // 贵安新区 covers 新区; a province stays, since "贵州" also guards on its own.
  return entities.filter(
    (entity) => PROVINCES.includes(entity) || !entities.some((other) => other !== entity && other.includes(entity)),
  );
}

/** The people among the entities of a text (jieba's person tags), for pronoun follow-ups. */
export function findPeople(text: string, segmenter: Segmenter): string[] {
  const people = segmenter
    .tag(text)
    .filter(({ word, tag }) => isPersonName(word, tag))
    .map(({ word }) => word);
  return [...new Set(people)];
}

/** jieba's person tags, or a two- or three-character unknown word that opens with a surname. */
export function isPersonName(word: string, tag: string): boolean {
  if (!/^[\u4e00-\u9fff]{2,4}$/.test(word)) return false;
  if (tag === "nr" || tag === "nrt") return true;
  const surname = lex.surnames.has(word.slice(0, 2)) ? 2 : lex.surnames.has(word.charAt(0)) ? 1 : 0;
  return (tag === "x" || tag === "nz") && surname > 0 && word.length - surname >= 1 && word.length <= 3 + (surname - 1);
}
