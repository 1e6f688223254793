// The one answering entry point used by the server, the CLI and the eval:
// (question, history) → rewrite follow-up → retrieve → answer (LLM when
// configured, extractive otherwise or as the fallback) → checked citations.
import type { Retriever, RetrievedChunk } from "../retrieval.js";
import { definedTerm } from "./cues.js";
import { ExtractiveAnswerer, type ExtractiveAnswer } from "./extractive.js";
import { removeUnsupportedFigures } from "./figures.js";
import { LlmError, type LlmClient } from "./llm.js";
import { chineseTermsFor } from "./glossary.js";
import { analyzeQuestion, type QuestionAnalysis } from "./question.js";
import { rewriteFollowUp, previousQuestion } from "./rewrite.js";
import { checkModelReply, type CheckedReply } from "./reply-check.js";
import { OFF_THREAD_REPLY_CHARS } from "./reply-limits.js";
import { LIMITS } from "../limits.js";
import type { Passage } from "./passage.js";
import type { AnswerRequest, AnswerResult, AnswerStreamHandlers, Citation } from "./types.js";

export interface AnswererOptions {
  retriever: Retriever;
  /** Present when an OpenAI-compatible endpoint is configured. */
  llm?: LlmClient;
  /** Chunks retrieved per question. */
  topK?: number;
  /** Checks a long model reply off the event loop (the server's worker pool); inline when absent. */
  checkReplyOffThread?: (reply: string, passages: string[], signal?: AbortSignal) => Promise<CheckedReply>;
}

const STREAM_PIECE = 6;

export class Answerer {
  private readonly extractive: ExtractiveAnswerer;
  private readonly topK: number;

  constructor(private readonly options: AnswererOptions) {
    this.extractive = new ExtractiveAnswerer(options.retriever.index);
    this.topK = options.topK ?? 8;
  }

  get mode(): "llm" | "extractive" {
    return this.options.llm ? "llm" : "extractive";
  }

  async answer(request: AnswerRequest, handlers: AnswerStreamHandlers = {}): Promise<AnswerResult> {
    const started = performance.now();
    const rewritten = await this.rewrite(request);
    const rewriteMs = performance.now() - started;
    handlers.onStart?.(rewritten ? { rewritten } : {});
    const question = rewritten ?? request.question;

    // Analysed once: retrieval, sentence scoring and the LLM fallback all read it.
    const analysis = analyzeQuestion(question, this.options.retriever.index.segmenter);
    const retrieveStart = performance.now();
    const hits = await this.retrieve(question, analysis);
    const retrieveMs = performance.now() - retrieveStart;

    const answerStart = performance.now();
    const model: { ms?: number } = {};
    const outcome = this.options.llm ? await this.answerWithLlm(question, analysis, hits, request.signal, handlers, model) : this.answerExtractively(question, analysis, hits, handlers);
    handlers.onCitations?.(outcome.citations);
    const totalMs = performance.now() - started;
    return {
      ...outcome,
      ...(rewritten ? { rewritten } : {}),
      timings: { rewriteMs: round(rewriteMs), retrieveMs: round(retrieveMs), answerMs: round(performance.now() - answerStart), totalMs: round(totalMs), ...(model.ms !== undefined ? { modelMs: round(model.ms) } : {}) },
    };
  }

  private async rewrite(request: AnswerRequest): Promise<string | undefined> {
    const history = request.history ?? [];
    if (!previousQuestion(request.question, history, this.options.retriever.index.segmenter)) return undefined;
    if (this.options.llm) {
      try {
        const rewritten = withinQuestionLimit((await this.options.llm.rewriteQuestion(request.question, history, request.signal)) || undefined);
        if (rewritten) return rewritten;
      } catch {
        // fall through to the deterministic rewrite
      }
    }
    return withinQuestionLimit(rewriteFollowUp(request.question, history, this.options.retriever.index.segmenter));
  }

  private async checkReply(reply: string, passages: string[], signal?: AbortSignal): Promise<CheckedReply> {
    const offThread = this.options.checkReplyOffThread;
    if (offThread && reply.length > OFF_THREAD_REPLY_CHARS) return offThread(reply, passages, signal);
    return checkModelReply(reply, passages);
  }

  private async retrieve(question: string, analysis: QuestionAnalysis): Promise<RetrievedChunk[]> {
    const retriever = this.options.retriever;
    // An English question also searches with its Chinese terms.
    const searchText = analysis.language === "en" ? `${question} ${chineseTermsFor(question)}` : question;
    const hits = await retriever.retrieve(searchText, this.topK);
    const term = analysis.type === "definition" ? definedTerm(question) : undefined;
    if (!term) return hits;
    // A definition question also looks at the sentences that open with its term.
    const known = new Set(hits.map((hit) => hit.chunk.chunkId));
    return [...hits, ...retriever.definitionSearch(term).filter((hit) => !known.has(hit.chunk.chunkId))];
  }

  private answerExtractively(question: string, analysis: QuestionAnalysis, hits: RetrievedChunk[], handlers: AnswerStreamHandlers, notice?: string): Omit<AnswerResult, "timings" | "rewritten"> {
    // An English question is scored on its Chinese terms: the English words occur nowhere in the corpus.
    const scoredText = analysis.language === "en" ? chineseTermsFor(question) || question : question;
    const extracted: ExtractiveAnswer = this.extractive.answer(scoredText, analysis, hits);
    // Quotes are copied from the source, so this holds by construction; checking anyway
    // keeps the promise "no figure without its source" independent of how answers are built.
    const checked = removeUnsupportedFigures(extracted.answer, new Map(extracted.citations.map((citation) => [citation.n, citation.quote])));
    const result = checked.removed.length > 0 ? { ...extracted, answer: checked.text } : extracted;
    if (checked.removed.length > 0) notice = [notice, `已删除来源中找不到的数字：${checked.removed.join("、")}。`].filter(Boolean).join(" ");
    // The extractive answer exists at once; stream it in small pieces so clients render it the same way.
    for (let i = 0; i < result.answer.length; i += STREAM_PIECE) handlers.onToken?.(result.answer.slice(i, i + STREAM_PIECE));
    return { ...result, mode: "extractive", ...(notice ? { notice } : {}) };
  }

  private async answerWithLlm(
    question: string,
    analysis: QuestionAnalysis,
    hits: RetrievedChunk[],
    signal: AbortSignal | undefined,
    handlers: AnswerStreamHandlers,
    model: { ms?: number },
  ): Promise<Omit<AnswerResult, "timings" | "rewritten">> {
    const passages: Passage[] = hits.slice(0, 6).map((hit, i) => ({ n: i + 1, hit, text: hit.chunk.text }));
    let raw: string;
    let streamed = false;
    // Any fallback below replaces what the model streamed so far.
    const fallback = (notice: string, fallbackReason: string) => {
      if (streamed) handlers.onReset?.();
      return { ...this.answerExtractively(question, analysis, hits, handlers, notice), fallbackReason };
    };
    const modelStart = performance.now();
    try {
      raw = await this.options.llm!.generateAnswer(question, passages, (delta) => ((streamed = true), handlers.onToken?.(delta)), signal);
      model.ms = performance.now() - modelStart;
    } catch (error) {
      model.ms = performance.now() - modelStart;
      if (error instanceof LlmError && error.code === "llm_aborted") throw error;
      return fallback("模型暂时不可用，以下为离线摘录的答案。", error instanceof LlmError ? error.code : "llm_error");
    }
    // Every reply, a refusal too, goes through the same checks (reply-check.ts); a long one on a worker thread.
    let checked: CheckedReply;
    try {
      checked = await this.checkReply(raw, passages.map((passage) => passage.text), signal);
    } catch (error) {
      if (signal?.aborted) throw new LlmError("llm_aborted", "The answer was cancelled", { cause: error });
      return fallback("模型回答的核对超时，以下为离线摘录的答案。", "checks_failed");
    }
    if (checked.kind === "fallback") return fallback(checked.notice, checked.reason);
    if (checked.kind === "refusal") {
      // A checked refusal stands (it was streamed); the offline pass only supplies 相关内容.
      const { related } = this.answerExtractively(question, analysis, hits, {});
      return { answer: checked.text, refused: true, coverage: "not_found", citations: [], mode: "llm", ...(related ? { related } : {}) };
    }
    const { answer } = checked;
    const citations: Citation[] = checked.cited.map((n, i) => passageCitation(passages[n - 1]!, i + 1));
    const notices = [
      checked.removedMarkers.length > 0 ? `已删除指向不存在段落的引用标记 ${checked.removedMarkers.map((n) => `[${n}]`).join("")}。` : "",
      checked.removedFigures.length > 0 ? `已删除来源中找不到的数字：${checked.removedFigures.join("、")}。` : "",
      checked.capped ? "模型的回答过长，已截断。" : "",
    ].filter(Boolean);
    return {
      answer,
      refused: false,
      coverage: /未涉及|没有提到|未提及|not cover/i.test(answer) ? "partial" : "answered",
      citations,
      mode: "llm",
      ...(notices.length > 0 ? { notice: notices.join(" ") } : {}),
    };
  }
}

/** A rewrite may never make a question longer than a question may be; the question as asked is used instead. */
function withinQuestionLimit(rewritten: string | undefined): string | undefined {
  return rewritten !== undefined && rewritten.length <= LIMITS.questionChars ? rewritten : undefined;
}

function passageCitation(passage: Passage, n: number): Citation {
  const { chunk, article } = passage.hit;
  return { n, docId: article.docId, source: article.source, sourceId: article.sourceId, sourceName: article.sourceName, title: article.title, ...(article.author ? { author: article.author } : {}), quote: chunk.text, start: chunk.start, end: chunk.end };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
