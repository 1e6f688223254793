// Eval runs started from the UI: an uploaded question file (the JSONL format of
// eval/questions.jsonl), validated line by line, run in the background through
// runEval with the offline answerer, its reports written to eval/reports/ like
// `npm run eval`'s. One run at a time; progress is polled by run id.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { parseQuestionLines } from "./questions.js";
import { runEval, writeReports } from "./run.js";
import { Answerer } from "../answer/answerer.js";
import { UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import { LIMITS, type EvalRunStatus } from "../protocol.js";
import type { Assistant } from "../assistant.js";
import { Retriever } from "../retrieval/retriever.js";

export const MAX_EVAL_QUESTIONS = LIMITS.evalQuestions;
const SHOWN_ERRORS = 10;
const KEPT_RUNS = 20;

export interface EvalRunsOptions {
  /** A run answers from the corpus snapshot current when it starts. */
  assistant: Pick<Assistant, "index">;
  reportsDir: string;
  logger: Logger;
}

export class EvalRuns {
  private readonly runs = new Map<string, EvalRunStatus>();
  private running: Promise<void> | undefined;

  constructor(private readonly options: EvalRunsOptions) {}

  get(runId: string): EvalRunStatus | undefined {
    const run = this.runs.get(runId);
    return run && { ...run };
  }

  /** Validate `text` and start running it; throws a UserError naming the bad lines. */
  start(fileName: string, text: string): EvalRunStatus {
    if (this.running)
      throw new UserError(
        "conflict",
        "An eval run is already in progress; wait for it to finish. 正在运行另一次评测。",
      );
    const { questions, errors } = parseQuestionLines(text);
    if (errors.length > 0) {
      const shown = errors
        .slice(0, SHOWN_ERRORS)
        .map((error) => `line ${error.line}: ${error.message}`)
        .join("; ");
      const more = errors.length > SHOWN_ERRORS ? ` (and ${errors.length - SHOWN_ERRORS} more)` : "";
      throw new UserError(
        "bad_request",
        `${fileName}: ${errors.length} malformed line(s) — ${shown}${more}. Fix them and upload the file again.`,
      );
    }
    if (questions.length === 0)
      throw new UserError(
        "bad_request",
        `${fileName} holds no questions: one JSON object per line, as in eval/questions.jsonl.`,
      );
    if (questions.length > MAX_EVAL_QUESTIONS) {
      throw new UserError(
        "bad_request",
        `${fileName} holds ${questions.length} questions; a run from the UI takes at most ${MAX_EVAL_QUESTIONS}` +
          " (use npm run eval -- --questions for more).",
      );
    }
    const run: EvalRunStatus = {
      runId: randomUUID(),
      file: fileName,
      status: "running",
      done: 0,
      total: questions.length,
      startedAt: new Date().toISOString(),
    };
    this.remember(run);
    this.running = this.execute(run, questions).finally(() => (this.running = undefined));
    return { ...run };
  }

  /** Resolves when the run in progress (if any) has finished: for shutdown and tests. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async execute(
    run: EvalRunStatus,
    questions: ReturnType<typeof parseQuestionLines>["questions"],
  ): Promise<void> {
    const { assistant, reportsDir, logger } = this.options;
    // Its own retriever and answerer: runEval observes the retriever's queries, which must not see users' questions.
    const retriever = new Retriever(assistant.index);
    try {
      const report = await runEval({
        answerer: new Answerer({ retriever }),
        retriever,
        questions,
        questionsFile: run.file,
        onProgress: (done) => (run.done = done),
      });
      const paths = await writeReports(report, reportsDir);
      run.report = path.basename(paths.json, ".json");
      run.status = "done";
      logger.info("eval_run", { runId: run.runId, questions: run.total, report: run.report });
    } catch (error) {
      run.status = "failed";
      run.error = "The eval run failed; see the server log.";
      logger.error("eval_run_failed", {
        runId: run.runId,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private remember(run: EvalRunStatus): void {
    this.runs.set(run.runId, run);
    for (const key of this.runs.keys()) {
      if (this.runs.size <= KEPT_RUNS) break;
      this.runs.delete(key);
    }
  }
}
