// What one candidate sentence says, for the verify stage (verify.ts): whether it is of the kind the
// question asks for (a count, a date, the person in a role), whether its figure is someone else's,
// whether it states the years asked, and whether it is within the scope asked (全国, 全省).
import type { Segmenter } from "../../ingest/segment.js";
import { findEntities, foldAliases, PROVINCES } from "./entities.js";
import { personAfterRole } from "./facts.js";
import type { Candidate } from "./gather.js";
import { statesCount } from "./figure-grammar.js";
import { askedPlaceKind, DATE, namesPlaceOfKind, yearsIn } from "./patterns.js";
import type { SubQuery } from "./types.js";

const NATIONAL = /全国|我国|全中国|national/i;
const LOWER_PLACE = /[\u4e00-\u9fff]{2,6}(?:省|市|州|县|区)/;

/** The role itself, not a longer one (副书记, 总书记) the question did not ask for. */
function holdsRole(text: string, role: string): boolean {
  if (/^[副总]/.test(role)) return text.includes(role);
  return new RegExp(`(?<![副总])${role.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).test(text);
}

export function meetsIntent(candidate: Candidate, query: SubQuery): boolean {
  const { intent, slots } = query;
  if (candidate.kind === "byline") return true;
  if (intent === "count") return statesCount(candidate.text, slots.unit);
  if (intent === "date") return DATE.test(candidate.text);
  // "在哪个县成立的" is answered by a sentence naming a county, not by "该州".
  const kind = intent === "place" ? askedPlaceKind(query.text) : undefined;
  if (kind) return namesPlaceOfKind(candidate.text, kind);
  // 书记 is not answered by a 副书记: the role must stand without a 副 the question did not ask for.
  // ...and a 谁 question is answered by a sentence naming someone in that role ("副队长吕建勋").
  if (intent === "person" && slots.role)
    return (
      holdsRole(foldAliases(candidate.text), foldAliases(slots.role)) &&
      personAfterRole(candidate.text, slots.role) !== undefined
    );
  return true;
}

/** Does the sentence name a place or organisation, none of which the question asked about? */
export function namesSomeoneElse(text: string, asked: string[], segmenter: Segmenter): boolean {
  // A province in the clause is someone else when a city or county was asked about: "江苏省累计建立…901个"
  // is not 张家港市's figure. Otherwise the province is the page's own and says nothing.
  const lowerPlace = asked.some((entity) => !PROVINCES.includes(entity) && LOWER_PLACE.test(entity));
  // A provincial body named without its province ("省工信厅推动建立42个…") is the province's own when a
  // province was asked about (the article speaks of it: the entity guard checked that before).
  const provincesAsked = asked.length > 0 && asked.every((entity) => PROVINCES.includes(entity));
  const named = findEntities(text, segmenter).filter(
    (entity) => (lowerPlace || !PROVINCES.includes(entity)) && !(provincesAsked && entity.startsWith("省")),
  );
  if (named.length === 0 || asked.length === 0) return false;
  const wanted = asked.map(foldAliases);
  return !named.some((entity) =>
    wanted.some((name) => name.includes(foldAliases(entity)) || foldAliases(entity).includes(name)),
  );
}

/** The year guard: the sentence, the one before it in its paragraph, or the article title states every year asked. */
export function statesYears(candidate: Candidate, years: string[]): boolean {
  const { article } = candidate;
  const before =
    article.text
      .slice(Math.max(0, candidate.start - 120), candidate.start)
      .split(/[。！？]/)
      .at(-1) ?? "";
  const stated = yearsIn(`${article.title}${before}${candidate.text}`);
  return years.every((year) => stated.includes(year));
}

/** The candidate's paragraph (or its article's title) names every year asked. */
export function paragraphStatesYears(candidate: Candidate, years: string[]): boolean {
  const { article } = candidate;
  const paragraph = article.paragraphs[candidate.paragraph];
  const text = paragraph ? article.text.slice(paragraph.start, paragraph.end) : candidate.text;
  const stated = yearsIn(`${article.title}${text}`);
  return years.every((year) => stated.includes(year));
}

/** The scope guard on the clause stating the fact: 全国 is not answered by 贵州's figure. */
export function inScope(clause: string, query: SubQuery): boolean {
  const scope = query.slots.scope;
  if (!scope) return true;
  if (scope.level === "national") return NATIONAL.test(clause);
  // 全省 is not answered by one county's figure: the clause names a lower place and no whole-area word.
  return clause.includes(scope.word) || !LOWER_PLACE.test(clause.replace(/全省|全市|全县|我省/g, ""));
}
