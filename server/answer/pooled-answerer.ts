// An Answerer whose offline answers are computed on the server's worker pool,
// so that a stream of questions leaves the event loop free for /api/health,
// sockets and streaming (issue 14: health under 50 ms p95 under load). With a
// model configured the main thread keeps the answer: it waits on the network,
// and its long replies are checked on the pool already (checkReplyOffThread).
import type { EmbedderSettings } from "../../ingest/embed.js";
import { fromWorkError } from "../errors.js";
import type { Scope } from "../retrieval/scope.js";
import { defineTask, type WorkPool } from "../work-pool.js";
import type { AnswerQuestionInput } from "./answer-task.js";
import { Answerer, type AnswererOptions } from "./answerer.js";
import type { AnswerRequest, AnswerResult, AnswerStreamHandlers } from "./types.js";

const ANSWER_QUESTION = defineTask<[AnswerQuestionInput], AnswerResult>(
  new URL("./answer-task.ts", import.meta.url),
  "answerQuestion",
);

export class PooledAnswerer extends Answerer {
  private readonly indexDirectory: string;

  constructor(
    options: AnswererOptions,
    private readonly pool: WorkPool,
    private readonly embedder: EmbedderSettings,
    /** The scope `options.retriever` is limited to: the worker limits its own retriever the same way. */
    private readonly scope?: Scope,
  ) {
    super(options);
    this.indexDirectory = options.retriever.index.directory;
  }

  override async answer(request: AnswerRequest, handlers: AnswerStreamHandlers = {}): Promise<AnswerResult> {
    if (this.mode === "llm") return super.answer(request, handlers);
    const input: AnswerQuestionInput = {
      indexDirectory: this.indexDirectory,
      embedder: this.embedder,
      question: request.question,
      ...(request.history ? { history: request.history } : {}),
      ...(this.scope ? { scope: this.scope } : {}),
    };
    let result: AnswerResult;
    try {
      result = await this.pool.run(ANSWER_QUESTION, [input], { signal: request.signal });
    } catch (error) {
      throw fromWorkError(error, this.pool.options.budgetMs);
    }
    handlers.onStart?.(result.rewritten ? { rewritten: result.rewritten } : {});
    // The whole extractive answer exists already: one token event, not ~25 six-character
    // frames (they cost half the server's CPU per answer). Clients concatenate tokens either way.
    if (result.answer) handlers.onToken?.(result.answer);
    handlers.onCitations?.(result.citations);
    return result;
  }
}
