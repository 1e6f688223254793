// The LLM path over the same plan and evidence as the offline answer: the
// prompt for the plan's intent, the verified evidence widened to paragraphs,
// then every sentence checked against the passage it cites (support.ts), and
// the reply checks every reply goes through (reply-check.ts: refusals, markers,
// figures, hollow answers; a long reply on a worker thread). Failures are typed
// so the answerer can fall back to the offline answer.
import type { Segmenter } from "../../ingest/segment.js";
import { parseCitationMarkers, renumberCitations } from "./citations.js";
import type { Checked } from "./compose.js";
import { evidencePassages } from "./llm-evidence.js";
import { LlmError, type LlmClient } from "./llm.js";
import { toCitation, type Passage } from "./passage.js";
import {
  ANSWER_FALLBACK_NOTICES,
  CAPPED_REPLY_NOTICE,
  droppedSentencesNotice,
  joinNotices,
  removedFiguresNotice,
  removedMarkersNotice,
} from "./notices.js";
import { checkModelReply, type CheckedReply } from "./reply-check.js";
import { OFF_THREAD_REPLY_CHARS } from "./reply-limits.js";
import { checkSupport } from "./support.js";
import { STOPS, trimEndOf, trimStartOf } from "./text-edges.js";
import type { AnswerPlan, AnswerResult, AnswerTable, Intent } from "./types.js";

const PROMPT_FOR: Record<Intent, string> = {
  count: "answer-factoid",
  date: "answer-factoid",
  person: "answer-factoid",
  place: "answer-factoid",
  list: "answer-list",
  explain: "answer-explain",
  summary: "answer-explain",
  compare: "answer-compare",
  definition: "answer",
  "yes-no": "answer",
};

export type LlmOutcome =
  | { kind: "answer"; result: Pick<AnswerResult, "answer" | "refused" | "coverage" | "citations" | "notice" | "table"> }
  | { kind: "refusal"; answer: string }
  | { kind: "fallback"; notice: string; reason: string };

/** "- 对象：说法[n]" rows of a compare answer, as a table. */
function tableOf(answer: string): AnswerTable | undefined {
  const rows: AnswerTable["rows"] = [];
  for (const line of answer.split("\n")) {
    // Read by position, not by one pattern: "- " + side + "：" + value + "[n]".
    const body = trimStartOf(line.trim(), "-*• ");
    const colon = body.search(/[：:]/);
    const marker = /\[(\d+)\]/.exec(body);
    if (body === line.trim() || colon < 1 || colon > 40 || !marker || marker.index <= colon) continue;
    const value = trimEndOf(body.slice(colon + 1, marker.index).trim(), STOPS);
    if (value !== "") rows.push({ entity: body.slice(0, colon).trim(), value, citation: Number(marker[1]) });
  }
  return rows.length >= 2 ? { columns: ["对象", "语料中的说法"], rows } : undefined;
}

export interface LlmRequest {
  llm: LlmClient;
  plan: AnswerPlan;
  checked: Checked[];
  segmenter: Segmenter;
  onToken: (delta: string) => void;
  signal?: AbortSignal;
  /** Receives how long the model call took. */
  model: { ms?: number };
  checkReplyOffThread?: (reply: string, passages: string[], signal?: AbortSignal) => Promise<CheckedReply>;
}

/** The passages the model reads for this plan (also what the eval's context recall is measured on). */
export function llmPassages(checked: Checked[]): Passage[] {
  return evidencePassages(checked);
}

/**
 * The reply checks first (cap, refusal, markers, figures, hollow; on a worker thread for a long reply
 * when the server has a pool), then the support check on what they left: each sentence against the
 * passage it cites, re-cited or dropped, and the markers renumbered once more.
 */
type ReplyVerdict = CheckedReply | { kind: "fallback"; reason: "llm_unsupported"; notice: string };

async function checkReply(
  request: LlmRequest,
  raw: string,
  passages: Passage[],
): Promise<{ checked: ReplyVerdict; dropped: number }> {
  const texts = passages.map((passage) => passage.text);
  const offThread = request.checkReplyOffThread;
  const checked =
    offThread && raw.length > OFF_THREAD_REPLY_CHARS
      ? await offThread(raw, texts, request.signal)
      : checkModelReply(raw, texts);
  if (checked.kind !== "answer") return { checked, dropped: 0 };
  // After the checks, [i] is passage cited[i - 1]; the passages it did not cite follow, so a sentence can move to one.
  const order = [...checked.cited, ...passages.map((passage) => passage.n).filter((n) => !checked.cited.includes(n))];
  const byMarker = new Map(order.map((n, i) => [i + 1, passages[n - 1]?.text ?? ""]));
  const supported = checkSupport(checked.answer, byMarker, request.segmenter);
  const used = parseCitationMarkers(supported.text);
  if (used.length === 0)
    return {
      checked: { kind: "fallback", reason: "llm_unsupported", notice: ANSWER_FALLBACK_NOTICES.llm_unsupported },
      dropped: supported.dropped.length,
    };
  const answer = renumberCitations(supported.text, used);
  const cited = used.flatMap((n) => order[n - 1] ?? []);
  return { checked: { ...checked, answer, cited }, dropped: supported.dropped.length };
}

export async function answerWithLlm(request: LlmRequest): Promise<LlmOutcome> {
  const { llm, plan, checked: evidence, onToken, signal, model } = request;
  const passages = llmPassages(evidence);
  const sides = plan.subQueries.map((query) => query.label ?? query.entity ?? query.text).join("、");
  const started = performance.now();
  let raw: string;
  try {
    raw = await llm.generateAnswer(plan.question, passages, onToken, signal, {
      prompt: PROMPT_FOR[plan.intent],
      vars: { sides },
    });
  } finally {
    model.ms = performance.now() - started;
  }
  let result: { checked: ReplyVerdict; dropped: number };
  try {
    result = await checkReply(request, raw, passages);
  } catch (error) {
    if (signal?.aborted) throw new LlmError("llm_aborted", "The answer was cancelled", { cause: error });
    return { kind: "fallback", notice: ANSWER_FALLBACK_NOTICES.checks_failed, reason: "checks_failed" };
  }
  const { checked, dropped } = result;
  if (checked.kind === "refusal") return { kind: "refusal", answer: checked.text };
  if (checked.kind === "fallback") return { kind: "fallback", notice: checked.notice, reason: checked.reason };
  const { answer } = checked;
  const citations = checked.cited.flatMap((n, i) => {
    const passage = passages[n - 1];
    return passage ? [toCitation(passage, i + 1)] : [];
  });
  const notice = joinNotices([
    checked.removedMarkers.length > 0 && removedMarkersNotice(checked.removedMarkers),
    dropped > 0 && droppedSentencesNotice(dropped),
    checked.removedFigures.length > 0 && removedFiguresNotice(checked.removedFigures),
    checked.capped && CAPPED_REPLY_NOTICE,
  ]);
  const table = plan.intent === "compare" ? tableOf(answer) : undefined;
  return {
    kind: "answer",
    result: {
      answer,
      refused: false,
      coverage: /未涉及|没有提到|未提及|not cover/i.test(answer) ? "partial" : "answered",
      citations,
      ...(notice ? { notice } : {}),
      ...(table ? { table } : {}),
    },
  };
}
