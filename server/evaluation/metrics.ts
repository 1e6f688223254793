// Eval metrics: pure functions over per-question records, so the runner, the
// reports, --compare and --check all read the same numbers, and the tests can
// check them on small literal fixtures.
import { CATEGORIES, SPLIT_NAMES } from "./questions.js";

export type Split = (typeof SPLIT_NAMES)[number];
export const SPLITS: readonly Split[] = SPLIT_NAMES;

/** Gold facts: every one (`all`), at least one (`any`), or at least `min` of them (open questions). */
export interface GoldFacts {
  match: "all" | "any" | "min";
  facts: string[];
  min?: number;
}

export interface GoldPassage {
  docId: string;
  source?: string;
  quote: string;
}

export interface SourceRef {
  docId: string;
  source: string;
  title: string;
}

export interface CitedSource extends SourceRef {
  n: number;
  quote: string;
}

/** One question's outcome; the JSON report holds one per question run. */
export interface QuestionRecord {
  id: string;
  split: Split;
  category: string;
  question: string;
  followUpOf?: string;
  rewritten?: string;
  /** The text the answerer retrieved with (the rewritten question, an English question with its Chinese terms…). */
  query: string;
  /** Gold: the corpus does not hold the answer and the assistant must refuse. */
  refuse: boolean;
  gold: GoldFacts & { docId?: string; source?: string; quote?: string; evidence?: GoldPassage[] };
  /** Where the gold facts were looked for: the lead (factoids) or the answer body. */
  scoredOn: "lead" | "answer";
  answer: string;
  refused: boolean;
  coverage?: string;
  notice?: string;
  mode: string;
  citations: CitedSource[];
  /** The first distinct articles retrieved for the question text the answerer searched with. */
  retrieved: SourceRef[];
  /** Rank (from 1) of the gold article among distinct retrieved articles; 0 = not retrieved; null = no gold article. */
  goldRank: number | null;
  /** Gold facts present in the lead or body, as `scoredOn` says (null for questions that must be refused). */
  answerCorrect: boolean | null;
  /**
   * Every gold passage is cited by a quote from its article holding a gold fact (null for questions that must be
   * refused).
   */
  citationCorrect: boolean | null;
  /** Share of the gold facts in the evidence the LLM path would read (null: not measured or nothing to find). */
  contextRecall?: number | null;
  /** Right overall: refused when it should, otherwise answered with the gold facts. */
  correct: boolean;
  latencyMs: number;
  error?: string;
}

export interface Metrics {
  questions: number;
  answerable: number;
  /** Questions that must be refused (the positives of refusal precision/recall). */
  mustRefuse: number;
  /** Answerable questions with a gold article, over which recall and MRR are taken. */
  retrievalMeasured: number;
  recallAt1: number | null;
  recallAt5: number | null;
  mrr: number | null;
  answerCorrect: number;
  answerAccuracy: number | null;
  citationCorrect: number;
  citationAccuracy: number | null;
  /** Mean share of gold facts in the evidence handed to the model, over answerable questions measured. */
  contextRecall: number | null;
  contextMeasured: number;
  refused: number;
  correctRefusals: number;
  /** Answerable questions the assistant refused: what lowers refusal precision. */
  falseRefusals: number;
  refusalPrecision: number | null;
  refusalRecall: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  errors: number;
}

export interface SplitSummary {
  overall: Metrics;
  categories: Record<string, Metrics>;
}

export type Summary = Partial<Record<Split, SplitSummary>>;

/**
 * Text as compared for facts: NFKC folds full-width digits, letters and
 * punctuation (the corpus mixes both widths); lower case for English facts;
 * whitespace dropped because extraction left stray spaces inside Chinese text.
 */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

/** Whether `text` holds the gold facts: every one (`all`), at least one (`any`), or at least `min`. */
export function factsPresent(text: string, gold: GoldFacts): boolean {
  const haystack = normalizeText(text);
  const found = gold.facts.filter((fact) => haystack.includes(normalizeText(fact))).length;
  if (gold.match === "all") return found === gold.facts.length;
  if (gold.match === "any") return found > 0;
  return found >= (gold.min ?? gold.facts.length);
}

/**
 * Lines that open the blocks after an answer's own words: the quoted original, the sources,
 * the related passages offered with a refusal. Their facts are evidence, not the answer.
 */
const BLOCK_START = /^[ \t]*(?:原文|来源|出处|引文|相关内容|相关段落|Quote|Quoted|Sources?|Related)[ \t]*[:：]/imu;

/** The answer without its quote, source and related-passage blocks. */
export function answerBody(answer: string): string {
  const match = BLOCK_START.exec(answer);
  return match ? answer.slice(0, match.index) : answer;
}

/**
 * The lead of an answer: its first paragraph, before any quote or source block. A factoid's
 * fact must be here; quoting the right sentence below a wrong lead is not answering.
 */
export function answerLead(answer: string): string {
  const body = answerBody(answer).trim();
  const paragraphEnd = body.search(/\n[ \t]*\n/u);
  const lead = paragraphEnd === -1 ? body : body.slice(0, paragraphEnd);
  // A quoted original run into the lead line ("…。原文：“…”") is not lead either.
  const inlineQuote = lead.search(/原文[:：]/u);
  return inlineQuote === -1 ? lead : lead.slice(0, inlineQuote);
}

/** A citation supports a gold passage when it sits in that article and its quote holds a gold fact. */
function citesPassage(
  citations: Array<Pick<CitedSource, "docId" | "quote">>,
  gold: GoldFacts,
  passage: GoldPassage,
): boolean {
  // The facts this passage's quote holds (all facts when it holds none of them); with no facts
  // at all (the gold is only the article), the article alone decides.
  const inPassage = gold.facts.filter((fact) => normalizeText(passage.quote).includes(normalizeText(fact)));
  const facts = inPassage.length > 0 ? inPassage : gold.facts;
  const quotesFact = (quote: string) =>
    facts.length === 0 || facts.some((fact) => normalizeText(quote).includes(normalizeText(fact)));
  return citations.some((citation) => citation.docId === passage.docId && quotesFact(citation.quote));
}

/**
 * Citation accuracy: every gold passage (one for most questions, one per entity for a
 * comparison) is cited from its article with a quote holding a fact of that passage.
 */
export function citationSupports(
  citations: Array<Pick<CitedSource, "docId" | "quote">>,
  gold: GoldFacts,
  passages: GoldPassage[],
): boolean {
  if (passages.length === 0) return false;
  return passages.every((passage) => citesPassage(citations, gold, passage));
}

/** Rank (from 1) of `docId` among the distinct articles of ranked hits; 0 when absent. */
export function articleRank(rankedDocIds: string[], docId: string): number {
  return [...new Set(rankedDocIds)].indexOf(docId) + 1;
}

/** Nearest-rank percentile (an observed value, never an interpolation); null for no values. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

const share = (count: number, total: number): number | null => (total === 0 ? null : count / total);

export function computeMetrics(records: QuestionRecord[]): Metrics {
  const answerable = records.filter((record) => !record.refuse);
  const measured = answerable.filter((record) => record.goldRank !== null);
  const ranks = measured.map((record) => record.goldRank!);
  const within = (cut: number) => ranks.filter((rank) => rank > 0 && rank <= cut).length;
  const answerCorrect = answerable.filter((record) => record.answerCorrect).length;
  const citationCorrect = answerable.filter((record) => record.citationCorrect).length;
  const refused = records.filter((record) => record.refused).length;
  const correctRefusals = records.filter((record) => record.refused && record.refuse).length;
  const mustRefuse = records.length - answerable.length;
  const latencies = records.map((record) => record.latencyMs);
  const recalls = answerable
    .map((record) => record.contextRecall)
    .filter((value): value is number => typeof value === "number");
  return {
    questions: records.length,
    answerable: answerable.length,
    mustRefuse,
    retrievalMeasured: measured.length,
    recallAt1: share(within(1), ranks.length),
    recallAt5: share(within(5), ranks.length),
    mrr: share(
      ranks.reduce((sum, rank) => sum + (rank > 0 ? 1 / rank : 0), 0),
      ranks.length,
    ),
    answerCorrect,
    answerAccuracy: share(answerCorrect, answerable.length),
    citationCorrect,
    citationAccuracy: share(citationCorrect, answerable.length),
    contextRecall: recalls.length === 0 ? null : recalls.reduce((sum, value) => sum + value, 0) / recalls.length,
    contextMeasured: recalls.length,
    refused,
    correctRefusals,
    falseRefusals: refused - correctRefusals,
    // Undefined (null) rather than 0 or 1 when nothing was refused or nothing had to be.
    refusalPrecision: share(correctRefusals, refused),
    refusalRecall: share(correctRefusals, mustRefuse),
    latencyP50: percentile(latencies, 50),
    latencyP95: percentile(latencies, 95),
    errors: records.filter((record) => record.error !== undefined).length,
  };
}

/** Known categories first, in the question file's documented order, then any others by name. */
export function orderCategories(names: Iterable<string>): string[] {
  const known: readonly string[] = CATEGORIES;
  const position = (name: string) => (known.includes(name) ? known.indexOf(name) : known.length);
  return [...new Set(names)].sort((a, b) => position(a) - position(b) || a.localeCompare(b));
}

/** Per split (only splits that have questions), overall and per category. */
export function summarize(records: QuestionRecord[]): Summary {
  const summary: Summary = {};
  for (const split of SPLITS) {
    const inSplit = records.filter((record) => record.split === split);
    if (inSplit.length === 0) continue;
    const categories: Record<string, Metrics> = {};
    for (const category of orderCategories(inSplit.map((record) => record.category))) {
      categories[category] = computeMetrics(inSplit.filter((record) => record.category === category));
    }
    summary[split] = { overall: computeMetrics(inSplit), categories };
  }
  return summary;
}

/** The metrics the issue sets targets for, and --check holds thresholds on. */
export const GATED_METRICS = [
  "answerAccuracy",
  "citationAccuracy",
  "refusalRecall",
  "refusalPrecision",
  "recallAt5",
] as const;
export type GatedMetric = (typeof GATED_METRICS)[number];
export type MetricLimits = Record<GatedMetric, number>;

/** The answer engine's "done when" targets (issue 12) for the test split on the offline default, overall. */
export const TARGETS: MetricLimits = {
  answerAccuracy: 0.9,
  citationAccuracy: 0.9,
  refusalRecall: 0.9,
  refusalPrecision: 0.9,
  recallAt5: 0.95,
};

/** The same targets inside one category: every kind of question must reach 0.80. */
export const CATEGORY_TARGETS: MetricLimits = {
  ...TARGETS,
  answerAccuracy: 0.8,
  citationAccuracy: 0.8,
  refusalRecall: 0.8,
};

export const METRIC_LABELS: Record<GatedMetric, string> = {
  answerAccuracy: "answer accuracy",
  citationAccuracy: "citation accuracy",
  refusalRecall: "refusal recall",
  refusalPrecision: "refusal precision",
  recallAt5: "recall@5",
};

export interface Shortfall {
  split: Split;
  /** "overall" or a category name. */
  scope: string;
  metric: GatedMetric;
  value: number;
  target: number;
  /** For refusal precision in a category: how many answerable questions it refused. */
  falseRefusals?: number;
}

/**
 * Where a split falls below the targets, overall and per category. Refusal
 * precision inside one category is not meaningful (a category is all positives
 * or all negatives), so a category is blamed for it by its false refusals.
 */
export function findShortfalls(
  summary: Summary,
  targets: MetricLimits = TARGETS,
  categoryTargets: MetricLimits = CATEGORY_TARGETS,
): Shortfall[] {
  const shortfalls: Shortfall[] = [];
  for (const split of SPLITS) {
    const splitSummary = summary[split];
    if (!splitSummary) continue;
    const scopes: Array<[string, Metrics]> = [
      ["overall", splitSummary.overall],
      ...Object.entries(splitSummary.categories),
    ];
    for (const [scope, metrics] of scopes) {
      const limits = scope === "overall" ? targets : categoryTargets;
      for (const metric of GATED_METRICS) {
        const value = metrics[metric];
        if (metric === "refusalPrecision" && scope !== "overall") {
          const overallPrecision = splitSummary.overall.refusalPrecision;
          if (metrics.falseRefusals > 0 && overallPrecision !== null && overallPrecision < targets.refusalPrecision) {
            shortfalls.push({
              split,
              scope,
              metric,
              value: overallPrecision,
              target: targets.refusalPrecision,
              falseRefusals: metrics.falseRefusals,
            });
          }
          continue;
        }
        if (value !== null && value < limits[metric])
          shortfalls.push({ split, scope, metric, value, target: limits[metric] });
      }
    }
  }
  return shortfalls;
}

export interface ThresholdResult {
  metric: GatedMetric;
  value: number | null;
  threshold: number;
  passed: boolean;
}

/** --check: each gated metric against its threshold; a metric that cannot be measured fails. */
export function checkThresholds(metrics: Metrics, thresholds: MetricLimits): ThresholdResult[] {
  return GATED_METRICS.map((metric) => {
    const value = metrics[metric];
    // A tiny tolerance so a value printed as 0.90 is not failed by float noise.
    return {
      metric,
      value,
      threshold: thresholds[metric],
      passed: value !== null && value + 1e-9 >= thresholds[metric],
    };
  });
}
