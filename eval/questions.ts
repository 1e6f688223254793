// The eval question file: JSON Lines, one question per line, validated line by
// line. A malformed line is reported with its number and what is wrong, and
// the other lines still load.
import { readFile } from "node:fs/promises";
import { z } from "zod";

export const CATEGORIES = ["number", "date", "person", "list", "definition", "why-how", "paraphrase", "follow-up", "out-of-corpus", "distractor"] as const;

const answerFacts = z.union([z.object({ all: z.array(z.string()) }).strict(), z.object({ any: z.array(z.string()).min(1) }).strict()]);

const questionSchema = z
  .object({
    id: z.string().min(1),
    split: z.enum(["dev", "test"]),
    category: z.enum(CATEGORIES),
    question: z.string().trim().min(1),
    answer: answerFacts,
    refuse: z.boolean(),
    docId: z.string().optional(),
    source: z.string().optional(),
    quote: z.string().optional(),
    followUpOf: z.string().optional(),
  })
  .superRefine((question, ctx) => {
    if (!question.refuse && (!question.docId || !question.quote)) {
      ctx.addIssue({ code: "custom", message: "an answerable question needs docId and quote" });
    }
  });

export type EvalQuestion = z.infer<typeof questionSchema>;

export interface QuestionFileError {
  line: number;
  message: string;
}

export async function readQuestionFile(file: string): Promise<{ questions: EvalQuestion[]; errors: QuestionFileError[] }> {
  const text = await readFile(file, "utf8");
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
      errors.push({ line, message: parsed.error.issues.map((issue) => `${issue.path.join(".") || "line"}: ${issue.message}`).join("; ") });
      return;
    }
    if (ids.has(parsed.data.id)) {
      errors.push({ line, message: `duplicate id "${parsed.data.id}"` });
      return;
    }
    // A follow-up is asked with its earlier question's answer as history, so that question must come first.
    if (parsed.data.followUpOf !== undefined && !ids.has(parsed.data.followUpOf)) {
      errors.push({ line, message: `followUpOf "${parsed.data.followUpOf}" does not name a valid question on an earlier line` });
      return;
    }
    ids.add(parsed.data.id);
    questions.push(parsed.data);
  });
  return { questions, errors };
}
