// Every question the server answers (HTTP and socket) goes through here: the
// answerer for the question's scope, then the answer is recorded under a fresh
// answerId, so feedback, "add to briefing" and the follow-up suggestions can
// name it later. The answerer itself stays unaware of all of it.
import { randomUUID } from "node:crypto";
import { Answerer } from "./answer/answerer.js";
import type { LlmClient } from "./answer/llm.js";
import type { AnswerStreamHandlers, ChatTurn } from "./answer/types.js";
import { modelFollowUps } from "./follow-ups/model-follow-ups.js";
import { offlineFollowUps } from "./follow-ups/offline-follow-ups.js";
import type { Logger } from "./logger.js";
import type { FollowUps, RecordedAnswerResult } from "./protocol.js";
import type { Retriever, SearchIndex } from "./retrieval.js";
import { articlesInScope, checkScopeAgainstIndex, scopeKey, type Scope } from "./scope.js";
import { ScopedRetriever } from "./scoped-retriever.js";
import type { AnswerLog, RecordedAnswer } from "./store/types.js";

export interface AskInput {
  question: string;
  history?: ChatTurn[];
  scope?: Scope;
  signal?: AbortSignal;
}

export interface AskServiceOptions {
  index: SearchIndex;
  retriever: Retriever;
  /** The unscoped answerer the assistant was opened with. */
  answerer: Answerer;
  llm?: LlmClient;
  answers: AnswerLog;
  logger: Logger;
}

/** Scoped answerers kept (each holds its scope's article set); the least recently used goes first. */
const MAX_CACHED_SCOPES = 32;
/** Follow-ups computed per answer, kept so a page shown twice costs one computation. */
const MAX_CACHED_FOLLOW_UPS = 500;

export class AskService {
  private readonly answerers = new Map<string, Answerer>();
  private readonly offlineAnswerers = new Map<string, Answerer>();
  private readonly followUpCache = new Map<string, FollowUps>();

  constructor(private readonly options: AskServiceOptions) {}

  /** An answerer like the assistant's (same model, if any) over another retriever. */
  answererOver(retriever: Retriever): Answerer {
    return new Answerer({ retriever, llm: this.options.llm });
  }

  /** The answerer that searches only inside `scope` (the assistant's own one for no scope). */
  answererFor(scope: Scope | undefined, offline = false): Answerer {
    const { llm, answerer, index } = this.options;
    // Without a model every answerer is offline already.
    if (!llm) offline = false;
    if (!scope && !offline) return answerer;
    const cache = offline ? this.offlineAnswerers : this.answerers;
    const key = scopeKey(scope);
    let found = cache.get(key);
    if (!found) {
      const retriever = scope
        ? new ScopedRetriever(index, articlesInScope(index.articles, scope))
        : this.options.retriever;
      found = new Answerer({ retriever, ...(offline ? {} : { llm }) });
      if (cache.size >= MAX_CACHED_SCOPES) cache.delete(cache.keys().next().value ?? "");
    }
    cache.delete(key);
    cache.set(key, found);
    return found;
  }

  async ask(input: AskInput, handlers: AnswerStreamHandlers = {}): Promise<RecordedAnswerResult> {
    checkScopeAgainstIndex(input.scope, this.options.index.articles);
    const answerer = this.answererFor(input.scope);
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
    const { llm, index, logger } = this.options;
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
    const offline = this.answererFor(answer.scope, true);
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
