// Every question the server answers (HTTP and socket) goes through here: the
// assistant's answerer for the question's scope (over the corpus's current
// snapshot, on the worker pool when the assistant answers there), then the
// answer is recorded under a fresh answerId, so feedback, "add to briefing"
// and the follow-up suggestions can name it later. The answerer itself stays
// unaware of all of it.
import { randomUUID } from "node:crypto";
import type { AnswerStreamHandlers, ChatTurn } from "./answer/types.js";
import type { Assistant } from "./assistant.js";
import { modelFollowUps } from "./follow-ups/model-follow-ups.js";
import { offlineFollowUps } from "./follow-ups/offline-follow-ups.js";
import type { Logger } from "./logger.js";
import type { FollowUps, RecordedAnswerResult } from "./protocol.js";
import type { Scope } from "./retrieval/scope.js";
import type { AnswerLog, RecordedAnswer } from "./store/types.js";

export interface AskInput {
  question: string;
  history?: ChatTurn[];
  scope?: Scope;
  signal?: AbortSignal;
}

export interface AskServiceOptions {
  /** Read at each request: a library assistant moves to each new corpus snapshot. */
  assistant: Assistant;
  answers: AnswerLog;
  logger: Logger;
}

/** Follow-ups computed per answer, kept so a page shown twice costs one computation. */
const MAX_CACHED_FOLLOW_UPS = 500;

export class AskService {
  private readonly followUpCache = new Map<string, FollowUps>();

  constructor(private readonly options: AskServiceOptions) {}

  async ask(input: AskInput, handlers: AnswerStreamHandlers = {}): Promise<RecordedAnswerResult> {
    const answerer = this.options.assistant.answererFor(input.scope);
    const result = await answerer.answer(
      { question: input.question, history: input.history, signal: input.signal },
      handlers,
    );
    const answerId = randomUUID();
    const recorded: RecordedAnswerResult = { ...result, answerId, ...(input.scope ? { scope: input.scope } : {}) };
    await this.record(input.question, recorded);
    return recorded;
  }

  /**
   * Suggested follow-ups for a recorded answer: from the model when it wrote the answer, else (or
   * when the model fails) from the cited articles. Undefined for an answer this server does not know.
   */
  async followUps(answerId: string, signal?: AbortSignal): Promise<FollowUps | undefined> {
    const cached = this.followUpCache.get(answerId);
    if (cached) return cached;
    const answer = await this.options.answers.get(answerId);
    if (!answer) return undefined;
    const computed = await this.suggest(answer, signal);
    if (signal?.aborted) return computed;
    if (this.followUpCache.size >= MAX_CACHED_FOLLOW_UPS)
      this.followUpCache.delete(this.followUpCache.keys().next().value ?? "");
    this.followUpCache.set(answerId, computed);
    return computed;
  }

  private async suggest(answer: RecordedAnswer, signal?: AbortSignal): Promise<FollowUps> {
    const none: FollowUps = { answerId: answer.answerId, followUps: [], from: "offline" };
    if (answer.refused) return none;
    const { assistant, logger } = this.options;
    const { llm, index } = assistant;
    const question = answer.rewritten ?? answer.question;
    if (llm && answer.mode === "llm") {
      try {
        const suggested = await modelFollowUps(llm.settings, question, answer, index, signal);
        if (suggested.length > 0) return { ...none, followUps: suggested, from: "model" };
      } catch (error) {
        logger.info("follow_ups_fallback", {
          answerId: answer.answerId,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
    if (signal?.aborted) return none;
    let offline: ReturnType<Assistant["answererFor"]>;
    try {
      offline = assistant.answererFor(answer.scope, true);
    } catch (error) {
      // The answer's scope names a source removed since: no follow-ups to offer, said in the log.
      logger.info("follow_ups_skipped", { answerId: answer.answerId, message: (error as Error).message });
      return none;
    }
    return {
      ...none,
      followUps: await offlineFollowUps(question, answer, index, (candidate) =>
        offline.answer({ question: candidate }),
      ),
    };
  }

  /** A failed write costs the answer its feedback button, not the answer: logged, not thrown. */
  private async record(question: string, result: RecordedAnswerResult): Promise<void> {
    try {
      await this.options.answers.record({
        answerId: result.answerId,
        createdAt: new Date().toISOString(),
        question,
        ...(result.rewritten ? { rewritten: result.rewritten } : {}),
        ...(result.scope ? { scope: result.scope } : {}),
        answer: result.answer,
        citations: result.citations,
        mode: result.mode,
        refused: result.refused,
        coverage: result.coverage,
      });
    } catch (error) {
      this.options.logger.error("answer_not_recorded", {
        answerId: result.answerId,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
