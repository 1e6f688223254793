// Stage 4: verify the candidates of one sub-query against its slots. What is
// left either answers the sub-query, or the sub-query is refused for a stated
// reason: the entity is not in the corpus, the asked quantity is not, the
// year asked is not what the source states (time guard), a national question
// only has a provincial figure (scope guard), or the event the question
// presupposes never happened in the source (false premise).
import { lexicons } from "../../ingest/lexicons/index.js";
import type { Segmenter } from "../../ingest/segment.js";
import type { ArticleGuard } from "./article-guard.js";
import { ADVERBIAL_DATE, factClause } from "./facts.js";
import type { Candidate, Evidence } from "./gather.js";
import { inScope, meetsIntent, namesSomeoneElse, paragraphStatesYears, statesYears } from "./verify-candidate.js";
import {
  asksWhyOfChange,
  countedNoun,
  namesLoosely,
  statesPeriod,
  statesRelativeYear,
  unrankedSuperlative,
  unstatedPremiseFigure,
  unstatedQuotedName,
} from "./verify-rules.js";
import type { SubQuery } from "./types.js";

/** Tuned on the eval's dev split only (npm run eval -- --split dev). */
export const VERIFY_SETTINGS = {
  /** Below this coverage a candidate does not answer the question. */
  minCoverage: 0.4,
  /** A definition sentence that names the term defined. */
  minCoverageNamingTerm: 0.3,
  /** An English question is matched through a dictionary, which adds loose words: a lower bar. */
  minCoverageEnglish: 0.25,
  /** An English question with this share of its content words unknown to the dictionary is out of the corpus. */
  maxUnknownEnglish: 0.4,
};

export type RefusalReason = "entity" | "attribute" | "coverage" | "time" | "scope" | "premise";

export type Verdict =
  | {
      kind: "answer";
      accepted: Candidate[];
      missing: string[];
      /** Of `missing`, the words the corpus holds elsewhere: the accepted sources lack them, not the corpus. */
      elsewhere: string[];
    }
  | {
      kind: "refuse";
      reason: RefusalReason;
      missing: string[];
      /** Of `missing`, the words the corpus does hold elsewhere: the nearest sources lack them, not the corpus. */
      elsewhere: string[];
      named: string[];
      stated?: Candidate;
    };

/** How the question was read before it was searched: an English one through the dictionary. */
export interface VerifyOptions {
  language: "zh" | "en";
  /** English content words the dictionary found nothing for. */
  unknownEnglish?: string[];
  /** Share of the English content words that are unknown. */
  unknownShare?: number;
  /** A word of what the question asks for ("the GDP of…") is unknown: the corpus cannot state it. */
  askedUnknown?: boolean;
}

/** What every stage of one sub-query's verification reads. */
interface Stage {
  evidence: Evidence;
  query: SubQuery;
  slots: SubQuery["slots"];
  guard: ArticleGuard;
  segmenter: Segmenter;
  /** A source must hold the asked word itself or the same word in another form; a related word is not it. */
  alternatives: Map<string, string[]>;
  /** Entities of the question none of the candidates' articles mentions. */
  named: string[];
  factoid: boolean;
  refuse: (reason: RefusalReason, stated?: Candidate) => Verdict;
}

/** A stage either narrows the accepted candidates or ends the verification with a verdict. */
type StageResult = Candidate[] | Verdict;

export function verify(
  evidence: Evidence,
  guard: ArticleGuard,
  segmenter: Segmenter,
  options: VerifyOptions = { language: "zh" },
): Verdict {
  const query = evidence.subQuery;
  const { slots } = query;
  const alternatives = new Map(evidence.terms.map((term) => [term.word, term.sameWord]));
  const candidates = evidence.candidates;
  const grounded = candidates.filter((candidate) => guard.mentionsAll(candidate.article, slots.entities, alternatives));
  const named = slots.entities.filter(
    (entity) => !candidates.some((candidate) => guard.mentions(candidate.article, entity, alternatives.get(entity))),
  );
  const nearest = [...new Set(candidates.slice(0, 3).map((candidate) => candidate.article))];
  const refuse = (reason: RefusalReason, stated?: Candidate): Verdict => {
    const missing = guard.missingTerms(query, nearest, alternatives);
    const elsewhere = guard.inCorpus(missing);
    return { kind: "refuse", reason, named, missing, elsewhere, ...(stated ? { stated } : {}) };
  };
  if (grounded.length === 0) return refuse(named.length > 0 ? "entity" : "coverage");
  const unknownEnglish = (options.unknownShare ?? 0) > VERIFY_SETTINGS.maxUnknownEnglish || options.askedUnknown;
  if (options.language === "en" && unknownEnglish) {
    return {
      kind: "refuse",
      reason: "coverage",
      named: options.unknownEnglish ?? [],
      missing: options.unknownEnglish ?? [],
      elsewhere: [],
    };
  }
  // The event a question presupposes ("…是哪一年解散的") must be in the source it would be answered from.
  const { event } = slots;
  if (event && !grounded.slice(0, 8).some((candidate) => candidate.text.includes(event))) {
    return refuse(
      "premise",
      grounded.find((candidate) => candidate.kind === "sentence" && !candidate.incomplete),
    );
  }
  const factoid = query.intent === "count" || query.intent === "date" || query.intent === "person";
  const stage: Stage = { evidence, query, slots, guard, segmenter, alternatives, named, factoid, refuse };
  const checked = ruleChecks(stage, answering(stage, grounded, options));
  if (!Array.isArray(checked)) return checked;
  const placed = timeAndScope(stage, checked);
  return Array.isArray(placed) ? missingChecks(stage, placed) : placed;
}

/** The grounded candidates that answer the question asked: on topic, of its intent, counting what it counts. */
function answering(stage: Stage, grounded: Candidate[], options: VerifyOptions): Candidate[] {
  const { evidence, query, slots, segmenter, alternatives } = stage;
  const minCoverage = options.language === "en" ? VERIFY_SETTINGS.minCoverageEnglish : VERIFY_SETTINGS.minCoverage;
  // A sentence naming the very term a 什么是 question defines is on topic at a lower bar.
  const bar = (candidate: Candidate) =>
    query.intent === "definition" && slots.term && candidate.text.includes(slots.term)
      ? VERIFY_SETTINGS.minCoverageNamingTerm
      : minCoverage;
  const counted = query.intent === "count" ? countedNoun(slots.attribute, segmenter) : undefined;
  const countsIt = (candidate: Candidate) => {
    if (!counted) return true;
    const clause = factClause(candidate.text, query, evidence.terms) ?? candidate.text;
    return [counted, ...(alternatives.get(counted) ?? [])].some((word) => namesLoosely(clause, word));
  };
  const accepted = grounded.filter(
    (candidate) => candidate.coverage >= bar(candidate) && meetsIntent(candidate, query) && countsIt(candidate),
  );
  if (!stage.factoid) return accepted;
  // A figure whose clause names another place or organisation ("省工信厅推动建立42个" for 省科技厅) answers another question.
  return accepted.filter(
    (candidate) =>
      !namesSomeoneElse(factClause(candidate.text, query, evidence.terms) ?? candidate.text, slots.entities, segmenter),
  );
}

/** The rules on what the question presupposes (verify-rules.ts), then the preferred sentences. */
function ruleChecks(stage: Stage, answered: Candidate[]): StageResult {
  const { query, slots, refuse, factoid } = stage;
  if (answered.length === 0) return refuse(stage.named.length > 0 ? "entity" : "coverage");
  if (unrankedSuperlative(query.text, answered)) return refuse("coverage");
  if (unstatedPremiseFigure(query.text, answered)) return refuse("premise", answered[0]);
  if (unstatedQuotedName(query.text, answered)) return refuse("entity");
  let accepted = answered.filter((candidate) => statesPeriod(query.text, candidate));
  if (accepted.length === 0) return refuse("time");
  if (factoid && !accepted.some((candidate) => statesRelativeYear(query.text, candidate)))
    return refuse("time", accepted[0]);
  if (factoid) accepted = accepted.filter((candidate) => statesRelativeYear(query.text, candidate));
  // A sentence that does not name the term can hardly define it: when some do, only those.
  const { term } = slots;
  if (query.intent === "definition" && term) {
    const naming = accepted.filter((candidate) => candidate.text.includes(term));
    if (naming.length > 0) accepted = naming;
  }
  // A date inside a name ("2025年中央一号文件") does not say when; prefer the sentences whose date does.
  if (query.intent === "date") {
    const saysWhen = accepted.filter((candidate) => ADVERBIAL_DATE.test(candidate.text));
    if (saysWhen.length > 0) accepted = saysWhen;
  }
  return accepted;
}

/**
 * The year guard holds for every intent: a fact must be stated for that year, a list or a set of
 * measures at least within a paragraph that names it. Then the scope guard.
 */
function timeAndScope(stage: Stage, accepted: Candidate[]): StageResult {
  const { evidence, query, slots, refuse } = stage;
  let kept = accepted;
  const years = slots.time?.years ?? [];
  if (years.length > 0) {
    const dated = kept.filter((candidate) =>
      stage.factoid ? statesYears(candidate, years) : paragraphStatesYears(candidate, years),
    );
    if (dated.length === 0) return refuse("time", kept.find((candidate) => candidate.kind === "sentence") ?? kept[0]);
    kept = dated;
  }
  if (slots.scope) {
    const scoped = kept.filter((candidate) =>
      inScope(factClause(candidate.text, query, evidence.terms) ?? candidate.text, query),
    );
    if (scoped.length === 0) return refuse("scope", kept[0]);
    kept = scoped;
  }
  return kept;
}

/** What the accepted sources do not name: a quantity, a named place or person, a change the question states. */
function missingChecks(stage: Stage, accepted: Candidate[]): Verdict {
  const { query, slots, segmenter, refuse } = stage;
  const articles = [...new Set(accepted.slice(0, 3).map((candidate) => candidate.article))];
  const missing = stage.guard.missingTerms(query, articles, stage.alternatives);
  // A figure for a quantity the source never names ("营收", "总投资") would be a wrong figure.
  // A word jieba does not know at all (tag x) in that place is a typing slip (参家), not another quantity.
  const known = (word: string) => !/^x/.test(segmenter.tag(word)[0]?.tag ?? "x");
  const { attribute } = slots;
  const asksFor = query.intent === "count" || query.intent === "list" || query.intent === "place";
  // A quantity noun (金额, 人数) names how the figure is measured, not a thing the source must name.
  const required = (word: string) => known(word) && !lexicons().quantityNouns.has(word);
  if (asksFor && attribute && missing.some((word) => attribute.includes(word) && required(word)))
    return refuse("attribute");
  // A named place, person or organisation the sources never mention (毕节市 in a question on 六盘水's
  // service): the passage is about another one.
  // jieba tags many place names as plain nouns (毕节市 → n): an administrative suffix marks them too.
  const isName = (word: string) =>
    /^[\u4e00-\u9fff]{2,}[省市县区州盟旗镇乡村]$/u.test(word) || /^n[srt]/.test(segmenter.tag(word)[0]?.tag ?? "");
  if (missing.some(isName)) return refuse("entity");
  // "为什么群众投诉增加了": the sources never name what the question says happened.
  if (query.intent === "explain" && asksWhyOfChange(query.text) && missing.some(required))
    return refuse("premise", accepted[0]);
  return { kind: "answer", accepted, missing, elsewhere: stage.guard.inCorpus(missing) };
}
