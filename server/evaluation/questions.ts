// The eval question file: JSON Lines, one question per line, validated line by
// line. A malformed line is reported with its number and what is wrong; the
// runner refuses to gate (--check) on a file with any malformed line.
import { readFile } from "node:fs/promises";
import { z } from "zod";

export const CATEGORIES = [
  "number",
  "date",
  "person",
  "list",
  "definition",
  "why-how",
  "open",
  "compare",
  "paraphrase",
  "robust",
  "follow-up",
  "out-of-corpus",
  "distractor",
  "false-premise",
  "time-shift",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories whose questions must be refused: the corpus does not hold the answer (or the premise is false). */
export const REFUSAL_CATEGORIES: readonly Category[] = ["out-of-corpus", "distractor", "false-premise", "time-shift"];

/**
 * Factoid categories: the gold fact must be in the answer's lead (the text before any quote or
 * source block), so an answer that leads with the wrong figure and quotes the right one is wrong.
 * Other categories may opt in per question with `"lead": true`.
 */
export const LEAD_SCORED_CATEGORIES: readonly Category[] = ["number", "date", "person"];

export const SPLIT_NAMES = ["dev", "test", "holdout"] as const;

const answerFacts = z.union([
  z.object({ all: z.array(z.string()) }).strict(),
  z.object({ any: z.array(z.string()).min(1) }).strict(),
  // Open questions: at least `min` of the facts (the specifics a good answer names).
  z.object({ facts: z.array(z.string().min(1)).min(1), min: z.number().int().min(1) }).strict(),
]);

const evidenceItem = z
  .object({ docId: z.string().min(1), source: z.string().optional(), quote: z.string().min(1) })
  .strict();

const questionSchema = z
  .object({
    id: z.string().min(1),
    split: z.enum(SPLIT_NAMES),
    category: z.enum(CATEGORIES),
    question: z.string().trim().min(1),
    answer: answerFacts,
    refuse: z.boolean(),
    docId: z.string().optional(),
    source: z.string().optional(),
    quote: z.string().optional(),
    /** Further gold passages (a comparison needs one per entity); each must be cited. */
    evidence: z.array(evidenceItem).optional(),
    lead: z.boolean().optional(),
    followUpOf: z.string().optional(),
  })
  .strict()
  .superRefine((question, ctx) => {
    const hasPrimary = question.docId !== undefined && question.quote !== undefined;
    if (!question.refuse && !hasPrimary && (question.evidence?.length ?? 0) === 0) {
      ctx.addIssue({ code: "custom", message: "an answerable question needs docId and quote, or evidence" });
    }
    if (question.refuse !== REFUSAL_CATEGORIES.includes(question.category)) {
      ctx.addIssue({
        code: "custom",
        message: `refuse must be ${!question.refuse} for category "${question.category}"`,
      });
    }
    if (question.category === "compare" && goldPassages(question).length < 2) {
      ctx.addIssue({
        code: "custom",
        message: "a compare question needs two gold passages (docId/quote plus evidence)",
      });
    }
    if ("facts" in question.answer && question.answer.min > question.answer.facts.length) {
      ctx.addIssue({ code: "custom", message: "answer.min is larger than the number of facts" });
    }
  });

export type EvalQuestion = z.infer<typeof questionSchema>;

/** Every gold passage of a question: the primary docId/quote, then the evidence items. */
export function goldPassages(question: Pick<EvalQuestion, "docId" | "source" | "quote" | "evidence">) {
  const primary =
    question.docId !== undefined && question.quote !== undefined
      ? [{ docId: question.docId, source: question.source, quote: question.quote }]
      : [];
  return [...primary, ...(question.evidence ?? [])];
}

/** Whether the gold facts of this question must be in the answer's lead. */
export function scoredOnLead(question: Pick<EvalQuestion, "category" | "lead">): boolean {
  return question.lead ?? LEAD_SCORED_CATEGORIES.includes(question.category);
}

export interface QuestionFileError {
  line: number;
  message: string;
  /** The file the line is in, when several files were read. */
  file?: string;
}

export async function readQuestionFile(
  file: string,
): Promise<{ questions: EvalQuestion[]; errors: QuestionFileError[] }> {
  return parseQuestionLines(await readFile(file, "utf8"));
}

/** Several question files as one set: errors name their file; an id may appear in only one file. */
export async function readQuestionFiles(
  files: string[],
): Promise<{ questions: EvalQuestion[]; errors: QuestionFileError[] }> {
  const questions: EvalQuestion[] = [];
  const errors: QuestionFileError[] = [];
  const ids = new Set<string>();
  for (const file of files) {
    const read = await readQuestionFile(file);
    errors.push(...read.errors.map((error) => ({ ...error, file })));
    for (const question of read.questions) {
      if (ids.has(question.id))
        errors.push({ file, line: 0, message: `id "${question.id}" is also in an earlier file` });
      else {
        ids.add(question.id);
        questions.push(question);
      }
    }
  }
  return { questions, errors };
}

export function parseQuestionLines(text: string): { questions: EvalQuestion[]; errors: QuestionFileError[] } {
  const questions: EvalQuestion[] = [];
  const errors: QuestionFileError[] = [];
  const ids = new Set<string>();
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      errors.push({ line, message: `not valid JSON (${(error as Error).message})` });
      return;
    }
    const parsed = questionSchema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "line"}: ${issue.message}`);
      errors.push({ line, message: issues.join("; ") });
      return;
    }
    if (ids.has(parsed.data.id)) {
      errors.push({ line, message: `duplicate id "${parsed.data.id}"` });
      return;
    }
    // A follow-up is asked with its earlier question's answer as history, so that question must come first.
    if (parsed.data.followUpOf !== undefined && !ids.has(parsed.data.followUpOf)) {
      errors.push({
        line,
        message: `followUpOf "${parsed.data.followUpOf}" does not name a valid question on an earlier line`,
      });
      return;
    }
    ids.add(parsed.data.id);
    questions.push(parsed.data);
  });
  return { questions, errors };
}
