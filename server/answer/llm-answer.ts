// The LLM path over the same plan and evidence as the offline answer: the
// prompt for the plan's intent, the verified evidence widened to paragraphs,
// then every sentence checked against the passage it cites (support.ts) and
// every figure against its passage (figures.ts). Failures are typed so the
// answerer can fall back to the offline answer.
import type { Segmenter } from "../../ingest/segment.js";
import { cleanCitationMarkers, parseCitationMarkers, renumberCitations } from "./citations.js";
import { toCitation } from "./citation-list.js";
import type { Checked } from "./compose.js";
import { removeUnsupportedFigures } from "./figures.js";
import { evidencePassages } from "./llm-evidence.js";
import type { LlmClient } from "./llm.js";
import type { Passage } from "./passage.js";
import { checkSupport } from "./support.js";
import type { AnswerPlan, AnswerResult, AnswerTable, Intent } from "./types.js";

export const REFUSAL_PREFIX = /^\s*(无法回答|I cannot answer|Cannot answer)[:：]?/i;

const PROMPT_FOR: Record<Intent, string> = {
  count: "answer-factoid", date: "answer-factoid", person: "answer-factoid", place: "answer-factoid",
  list: "answer-list", explain: "answer-explain", summary: "answer-explain", compare: "answer-compare",
  definition: "answer", "yes-no": "answer",
};

export type LlmOutcome =
  | { kind: "answer"; result: Pick<AnswerResult, "answer" | "refused" | "coverage" | "citations" | "notice" | "table"> }
  | { kind: "refusal"; answer: string }
  | { kind: "fallback"; notice: string; reason: string };

/** "- 对象：说法[n]" rows of a compare answer, as a table. */
function tableOf(answer: string): AnswerTable | undefined {
  const rows: AnswerTable["rows"] = [];
  for (const line of answer.split("\n")) {
    const match = /^\s*[-*•]\s*([^：:]{1,40})[：:]\s*(.+?)\s*\[(\d+)\]/.exec(line);
    if (match) rows.push({ entity: match[1]!.trim(), value: match[2]!.replace(/[。；;]+$/, ""), citation: Number(match[3]) });
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
}

/** The passages the model reads for this plan (also what the eval's context recall is measured on). */
export function llmPassages(checked: Checked[]): Passage[] {
  return evidencePassages(checked);
}

export async function answerWithLlm(request: LlmRequest): Promise<LlmOutcome> {
  const { llm, plan, checked, segmenter, onToken, signal } = request;
  const passages = llmPassages(checked);
  const sides = plan.subQueries.map((query) => query.label ?? query.entity ?? query.text).join("、");
  const raw = await llm.generateAnswer(plan.question, passages, onToken, signal, { prompt: PROMPT_FOR[plan.intent], vars: { sides } });
  if (REFUSAL_PREFIX.test(raw)) return { kind: "refusal", answer: raw.trim() };
  const valid = new Set(passages.map((passage) => passage.n));
  const cleaned = cleanCitationMarkers(raw, valid);
  if (parseCitationMarkers(cleaned.text).length === 0) {
    return { kind: "fallback", notice: "模型的回答没有引用任何段落，已改用离线摘录的答案。", reason: "llm_uncited" };
  }
  const texts = new Map(passages.map((passage) => [passage.n, passage.text]));
  const supported = checkSupport(cleaned.text, texts, segmenter);
  const checkedFigures = removeUnsupportedFigures(supported.text, texts);
  // Removing a sentence with a wrong figure can take a passage's last marker with it.
  const stillCited = parseCitationMarkers(checkedFigures.text);
  if (stillCited.length === 0) {
    return { kind: "fallback", notice: "模型回答中的内容在来源中找不到依据，已改用离线摘录的答案。", reason: "llm_unsupported" };
  }
  const answer = renumberCitations(checkedFigures.text, stillCited);
  const citations = stillCited.map((n, i) => toCitation(passages[n - 1]!, i + 1));
  const notices = [
    cleaned.removed.length > 0 ? `已删除指向不存在段落的引用标记 ${cleaned.removed.map((n) => `[${n}]`).join("")}。` : "",
    supported.dropped.length > 0 ? `已删除来源不支持的${supported.dropped.length}句话。` : "",
    checkedFigures.removed.length > 0 ? `已删除来源中找不到的数字：${checkedFigures.removed.join("、")}。` : "",
  ].filter(Boolean);
  const table = plan.intent === "compare" ? tableOf(answer) : undefined;
  return {
    kind: "answer",
    result: {
      answer,
      refused: false,
      coverage: /未涉及|没有提到|未提及|not cover/i.test(answer) ? "partial" : "answered",
      citations,
      ...(notices.length > 0 ? { notice: notices.join(" ") } : {}),
      ...(table ? { table } : {}),
    },
  };
}
