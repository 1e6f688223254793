// What a date, a year and a named place look like in this kind of text. These find candidate
// facts; what a figure looks like is figure-grammar.ts's.

export const DATE = new RegExp(
  [
    "(?:19|20)\\d{2}年(?:\\d{1,2}月)?(?:\\d{1,2}日)?",
    "\\d{1,2}月\\d{1,2}日",
    "今年\\d{1,2}月",
    "\\d{1,2}月(?:上旬|中旬|下旬|份)?",
    "(?:上午|下午|晚上|清晨|凌晨|中午)\\d{1,2}点",
    "\\d{1,2}点",
    "每(?:年|季度|月|周|天)",
  ].join("|"),
);
/** A four-digit year: 2020年, 2025. */
export const YEAR = /(?<!\d)((?:19|20)\d{2})(?:年|(?!\d))/g;

/** The years a text names, as strings ("2020"). */
export function yearsIn(text: string): string[] {
  return [...new Set([...text.normalize("NFKC").matchAll(YEAR)].flatMap((match) => (match[1] ? [match[1]] : [])))];
}

/** The level of place a 哪个 question asks for: "在哪个县成立的" → 县. */
export function askedPlaceKind(question: string): string | undefined {
  return /哪(?:一)?个(省|市|县|区|州|镇|乡|村)/.exec(question)?.[1];
}

/** Does `text` name a place of that level ("黔南州贵定县"), not just refer to one (该县, 全县)? */
export function namesPlaceOfKind(text: string, kind: string): boolean {
  for (const match of text.matchAll(new RegExp(`[\\u4e00-\\u9fff]{2,6}?${kind}`, "g"))) {
    if (!/^[该本全各每这那此]/.test(match[0].slice(-2))) return true;
  }
  return false;
}
