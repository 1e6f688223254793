// The one answering entry point used by the server, the CLI and the eval:
// normalise → (rewrite a follow-up) → plan → gather per sub-query → verify →
// compose offline, or write with the model from the same evidence when one is
// configured (falling back to the offline answer) → figure check → result.
import { CorpusDictionary } from "../../ingest/lexicons/dictionary.js";
import type { Retriever } from "../retrieval/retriever.js";
import { compose, type Checked } from "./compose.js";
import { CorpusText } from "./corpus-text.js";
import { removeUnsupportedFigures } from "./figures.js";
import { gather, type GatherContext } from "./gather.js";
import { answerWithLlm, llmPassages } from "./llm-answer.js";
import { LlmError, type LlmClient } from "./llm.js";
import type { CheckedReply } from "./reply-check.js";
import { LIMITS } from "../limits.js";
import { normaliseQuestion } from "./normalise.js";
import { joinNotices, modelUnavailableNotice, removedFiguresNotice } from "./notices.js";
import type { Passage } from "./passage.js";
import { englishAskedPhrase, englishCountPhrase, englishUnit, plan } from "./plan.js";
import { previousQuestion, rewriteFollowUp } from "./rewrite.js";
import type { AnswerPlan, AnswerRequest, AnswerResult, AnswerStreamHandlers, Citation } from "./types.js";
import { ArticleGuard } from "./article-guard.js";
import { verify, type VerifyOptions } from "./verify.js";

export interface AnswererOptions {
  retriever: Retriever;
  /** Present when an OpenAI-compatible endpoint is configured. */
  llm?: LlmClient;
  /** Chunks retrieved per sub-query. */
  topK?: number;
  /** Logs a failure that is handled (an LLM rewrite falling back), never shown to the user. */
  log?: (message: string) => void;
  /** Checks a long model reply off the event loop (the server's worker pool); inline when absent. */
  checkReplyOffThread?: (reply: string, passages: string[], signal?: AbortSignal) => Promise<CheckedReply>;
}

type Outcome = Omit<AnswerResult, "timings" | "rewritten">;

const STREAM_PIECE = 6;

/** What the answerer made of a question before writing: the plan, the checked evidence, the searches. */
export interface Prepared {
  plan: AnswerPlan;
  checked: Checked[];
  queries: string[];
}

export class Answerer {
  private readonly guard: ArticleGuard;
  private readonly corpusText: CorpusText;
  private readonly topK: number;
  private readonly dictionary: CorpusDictionary;

  constructor(private readonly options: AnswererOptions) {
    const { index } = options.retriever;
    this.guard = new ArticleGuard(index);
    this.corpusText = new CorpusText(index.articles);
    this.topK = options.topK ?? 8;
    // Built here, not on the first question: it is CPU work (≈ 0.7 s the first time in a process, the
    // CC-CEDICT tables are then shared) that would otherwise stall a running server's event loop.
    this.dictionary = new CorpusDictionary(index.bm25.words(), (word) => index.bm25.documentFrequency(word));
  }

  get mode(): "llm" | "extractive" {
    return this.options.llm ? "llm" : "extractive";
  }

  async answer(request: AnswerRequest, handlers: AnswerStreamHandlers = {}): Promise<AnswerResult> {
    const started = performance.now();
    const rewritten = await this.rewrite(request);
    const rewriteMs = performance.now() - started;
    handlers.onStart?.(rewritten ? { rewritten } : {});
    const retrieveStart = performance.now();
    const prepared = await this.prepare(rewritten ?? request.question);
    const retrieveMs = performance.now() - retrieveStart;
    const answerStart = performance.now();
    const model: { ms?: number } = {};
    const outcome = this.options.llm
      ? await this.answerWithLlm(this.options.llm, prepared, request.signal, handlers, model)
      : this.answerOffline(prepared, handlers);
    handlers.onCitations?.(outcome.citations);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      ...outcome,
      plan: prepared.plan,
      queries: prepared.queries,
      ...(rewritten ? { rewritten } : {}),
      timings: {
        rewriteMs: round(rewriteMs),
        retrieveMs: round(retrieveMs),
        answerMs: round(performance.now() - answerStart),
        totalMs: round(performance.now() - started),
        ...(model.ms !== undefined ? { modelMs: round(model.ms) } : {}),
      },
    };
  }

  /** normalise → plan → gather → verify, for a standalone question. */
  async prepare(question: string): Promise<Prepared> {
    const normalised = normaliseQuestion(question);
    const { index } = this.options.retriever;
    const countPhrase = normalised.language === "en" ? englishCountPhrase(normalised.text) : undefined;
    const unit = countPhrase ? englishUnit(countPhrase) : undefined;
    // "how many people": 人 is the measure word asked for, not a word to search (people → 人民).
    const searched = unit && countPhrase ? normalised.text.replace(countPhrase, " ") : normalised.text;
    const english = normalised.language === "en" ? this.dictionary.lookupEnglish(searched) : undefined;
    const searchText = english && english.terms.length > 0 ? english.terms.join(" ") : normalised.text;
    const attribute = countPhrase && !unit ? this.dictionary.lookupEnglish(countPhrase).terms.join("") : undefined;
    const answerPlan = plan(normalised, index.segmenter, searchText, {
      ...(attribute ? { attribute } : {}),
      ...(unit ? { unit } : {}),
    });
    // "What is the GDP of…", "how much revenue…": the dictionary knows no corpus word for the thing asked.
    const asked = englishAskedPhrase(normalised.text) ?? countPhrase;
    const askedWords = asked?.toLowerCase().split(/[^a-z]+/) ?? [];
    const options: VerifyOptions = english
      ? {
          language: "en",
          unknownEnglish: english.unknown,
          unknownShare: english.unknown.length / Math.max(1, english.unknown.length + english.terms.length),
          askedUnknown: english.unknown.some((word) => askedWords.includes(word)),
        }
      : { language: "zh" };
    const context: GatherContext = {
      retriever: this.options.retriever,
      dictionary: this.dictionary,
      corpusText: this.corpusText,
      topK: this.topK,
    };
    const evidence = await Promise.all(answerPlan.subQueries.map((query) => gather(query, context)));
    const checked = evidence.map((entry) => ({
      evidence: entry,
      verdict: verify(entry, this.guard, index.segmenter, options),
    }));
    return { plan: answerPlan, checked, queries: evidence.map((entry) => entry.query) };
  }

  /** The passages the model would read for this question (the eval's context recall). */
  async llmContext(question: string): Promise<Passage[]> {
    return llmPassages((await this.prepare(question)).checked);
  }

  private async rewrite(request: AnswerRequest): Promise<string | undefined> {
    const history = request.history ?? [];
    const { segmenter } = this.options.retriever.index;
    const question = normaliseQuestion(request.question).text;
    if (!previousQuestion(question, history, segmenter)) return undefined;
    if (this.options.llm) {
      try {
        const rewritten = withinQuestionLimit(
          (await this.options.llm.rewriteQuestion(request.question, history, request.signal)) || undefined,
        );
        if (rewritten) return rewritten;
      } catch (error) {
        this.options.log?.(
          `follow-up rewrite by the model failed, using the deterministic rewrite: ${(error as Error).message}`,
        );
      }
    }
    return withinQuestionLimit(rewriteFollowUp(question, history, segmenter));
  }

  private answerOffline(prepared: Prepared, handlers: AnswerStreamHandlers, notice?: string): Outcome {
    const composed = compose(prepared.plan, prepared.checked, this.options.retriever.index.segmenter);
    // Quotes are copied from the source, so this holds by construction; checking anyway keeps the promise
    // "no figure without its source" independent of how answers are built. A refusal that says what the
    // corpus states instead cites its related passages.
    const quotes = new Map<number, string>(
      (composed.refused ? (composed.related ?? []) : composed.citations).map((citation: Citation) => [
        citation.n,
        citation.quote,
      ]),
    );
    const checked = removeUnsupportedFigures(composed.answer, quotes);
    const answer = checked.removed.length > 0 ? checked.text : composed.answer;
    if (checked.removed.length > 0) notice = joinNotices([notice, removedFiguresNotice(checked.removed)]);
    // The extractive answer exists at once; stream it in small pieces so clients render it the same way.
    for (let i = 0; i < answer.length; i += STREAM_PIECE) handlers.onToken?.(answer.slice(i, i + STREAM_PIECE));
    return { ...composed, answer, mode: "extractive", ...(notice ? { notice } : {}) };
  }

  private async answerWithLlm(
    llm: LlmClient,
    prepared: Prepared,
    signal: AbortSignal | undefined,
    handlers: AnswerStreamHandlers,
    model: { ms?: number },
  ): Promise<Outcome> {
    let streamed = false;
    // Any fallback below replaces what the model streamed so far.
    const fallback = (notice: string, fallbackReason: string): Outcome => {
      if (streamed) handlers.onReset?.();
      return { ...this.answerOffline(prepared, handlers, notice), fallbackReason };
    };
    try {
      const outcome = await answerWithLlm({
        llm,
        plan: prepared.plan,
        checked: prepared.checked,
        segmenter: this.options.retriever.index.segmenter,
        signal,
        model,
        onToken: (delta) => ((streamed = true), handlers.onToken?.(delta)),
        ...(this.options.checkReplyOffThread ? { checkReplyOffThread: this.options.checkReplyOffThread } : {}),
      });
      if (outcome.kind === "fallback") return fallback(outcome.notice, outcome.reason);
      if (outcome.kind === "refusal") {
        // The model's own words stand (they were streamed); the offline pass only supplies 相关内容.
        const { related } = compose(prepared.plan, prepared.checked, this.options.retriever.index.segmenter);
        return {
          answer: outcome.answer,
          refused: true,
          coverage: "not_found",
          citations: [],
          mode: "llm",
          ...(related ? { related } : {}),
        };
      }
      return { ...outcome.result, mode: "llm" };
    } catch (error) {
      if (error instanceof LlmError && error.code === "llm_aborted") throw error;
      return fallback(modelUnavailableNotice("answer"), error instanceof LlmError ? error.code : "llm_error");
    }
  }
}

/** A rewrite may never make a question longer than a question may be; the question as asked is used instead. */
function withinQuestionLimit(rewritten: string | undefined): string | undefined {
  return rewritten !== undefined && rewritten.length <= LIMITS.questionChars ? rewritten : undefined;
}
