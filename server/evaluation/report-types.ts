// The shape of an eval report (the JSON file a run writes and the web tool serves), apart
// from the code that makes, renders or compares it: each of those reads this.
import type { MetricLimits, QuestionRecord, Shortfall, Split, Summary } from "./metrics.js";
import type { QuestionFileError } from "./questions.js";

export type SplitChoice = Split | "all";

export interface EvalReport {
  formatVersion: 1;
  createdAt: string;
  mode: "llm" | "extractive";
  split: SplitChoice;
  questionsFile?: string;
  questionErrors: QuestionFileError[];
  targets: MetricLimits;
  summary: Summary;
  shortfalls: Shortfall[];
  results: QuestionRecord[];
}
