// The briefing builder, beside the chat answerer and sharing its retriever:
// topic (+ scope) → candidate sentences → MMR key points → briefing. Written by
// the model when one is configured, extractive otherwise or as the fallback;
// the figures table is always read from the cited quotes.
import { LlmError, type LlmSettings } from "../answer/llm.js";
import { formatPassages, loadPrompt, renderChatPrompt } from "../answer/prompts.js";
import { BRIEFING_FALLBACK_NOTICES, modelUnavailableNotice } from "../answer/notices.js";
import { numberedPassages } from "../answer/passage.js";
import type { Retriever } from "../retrieval/retriever.js";
import { gatherCandidates, type KeyPointCandidate } from "./candidates.js";
import { extractiveBriefing } from "./extractive.js";
import { figuresTable } from "./figures-table.js";
import { LineBuffer, LlmPointChecker } from "./llm-points.js";
import { BriefingLookups } from "./lookups.js";
import { streamCompletion } from "./llm-briefing.js";
import { groupByArticle, MIN_POINTS, selectKeyPoints } from "./select.js";
import { briefingTitle, cleanTopic } from "./topic.js";
import type { Briefing, BriefingRequest, BriefingResult, BriefingScope, BriefingStreamHandlers } from "./types.js";

export interface BrieferOptions {
  retriever: Retriever;
  /** Present when an OpenAI-compatible endpoint is configured. */
  llm?: LlmSettings;
}

/** Passages offered to the model: more than the points it writes, so it can choose. */
const LLM_PASSAGES = 12;

/**
 * Everything a briefing needs before the model writes: the work that reads the
 * corpus (retrieval, candidate sentences, key points, figures), done in one
 * step that can run on a worker thread (pooled-briefer.ts). Plain data.
 */
export type PreparedBriefing =
  | { refused: true; message: string }
  | { refused: false; title: string; extractive: Briefing; offered?: KeyPointCandidate[] };

export function refusalMessage(topic: string, scope?: BriefingScope): string {
  const within = scope?.docId
    ? "（限定文章内）"
    : scope?.province
      ? `（限定${scope.province}）`
      : scope?.sources
        ? "（限定所选来源）"
        : "";
  return `语料中没有找到关于“${cleanTopic(topic)}”的内容${within}，无法生成简报。请换一个主题，或放宽范围后再试。`;
}

export class Briefer {
  protected readonly lookups: BriefingLookups;

  constructor(protected readonly options: BrieferOptions) {
    this.lookups = new BriefingLookups(options.retriever.index);
  }

  get mode(): "llm" | "extractive" {
    return this.options.llm ? "llm" : "extractive";
  }

  async build(
    request: BriefingRequest,
    handlers: BriefingStreamHandlers = {},
    signal?: AbortSignal,
  ): Promise<BriefingResult> {
    const prepared = await this.prepare(request, this.options.llm !== undefined, signal);
    if (prepared.refused) return prepared;
    handlers.onStart?.({ title: prepared.title });
    if (this.options.llm && prepared.offered)
      return this.withLlm(
        this.options.llm,
        request.topic,
        prepared.title,
        prepared.offered,
        prepared.extractive,
        handlers,
        signal,
      );
    return this.extractive(prepared.extractive, handlers);
  }

  /** The corpus work of a briefing; `forModel` also picks the passages offered to the model. */
  async prepare(request: BriefingRequest, forModel: boolean, _signal?: AbortSignal): Promise<PreparedBriefing> {
    const { retriever } = this.options;
    const { segmenter } = retriever.index;
    const found = await gatherCandidates(
      retriever,
      this.lookups,
      request.topic,
      cleanTopic(request.topic),
      request.scope,
    );
    if (found.candidates.length === 0) return { refused: true, message: refusalMessage(request.topic, request.scope) };
    const title = briefingTitle(request.topic);
    const selected = groupByArticle(selectKeyPoints(found.candidates, segmenter));
    const extractive = extractiveBriefing(title, selected, this.lookups.places, segmenter);
    if (!forModel) return { refused: false, title, extractive };
    return {
      refused: false,
      title,
      extractive,
      offered: groupByArticle(selectKeyPoints(found.candidates, segmenter, LLM_PASSAGES)),
    };
  }

  private extractive(
    briefing: Briefing,
    handlers: BriefingStreamHandlers,
    notice?: string,
    fallbackReason?: string,
  ): Briefing {
    // The points exist at once; sent one by one so clients render both forms the same way.
    briefing.points.forEach((point, i) => handlers.onPoint?.(point, briefing.citations.slice(i, i + 1)));
    return { ...briefing, ...(notice ? { notice } : {}), ...(fallbackReason ? { fallbackReason } : {}) };
  }

  private async withLlm(
    settings: LlmSettings,
    topic: string,
    title: string,
    offered: KeyPointCandidate[],
    fallbackBriefing: Briefing,
    handlers: BriefingStreamHandlers,
    signal?: AbortSignal,
  ): Promise<Briefing> {
    const { index } = this.options.retriever;
    const passages = numberedPassages(offered);
    const { system, user } = renderChatPrompt(loadPrompt("briefing"), {
      topic: cleanTopic(topic),
      passages: formatPassages(passages),
    });
    const checker = new LlmPointChecker(offered);
    const lines = new LineBuffer();
    const take = (line: string) => {
      const kept = checker.accept(line);
      if (kept) handlers.onPoint?.(kept.point, kept.citations);
    };
    const fallback = (notice: string, reason: string) => {
      if (checker.points.length > 0) handlers.onReset?.();
      return this.extractive(fallbackBriefing, handlers, notice, reason);
    };
    try {
      await streamCompletion(settings, system, user, (delta) => lines.push(delta).forEach(take), signal);
      lines.flush().forEach(take);
    } catch (error) {
      if (error instanceof LlmError && error.code === "llm_aborted") throw error;
      return fallback(modelUnavailableNotice("briefing"), error instanceof LlmError ? error.code : "llm_error");
    }
    if (checker.points.length < Math.min(MIN_POINTS, offered.length))
      return fallback(BRIEFING_FALLBACK_NOTICES.llm_uncited, "llm_uncited");
    const notice = checker.notice();
    return {
      title,
      points: checker.points,
      figures: figuresTable(checker.citations, this.lookups.places, index.segmenter),
      citations: checker.citations,
      mode: "llm",
      ...(notice ? { notice } : {}),
    };
  }
}
