// Follow-up questions without an LLM. "那贵州呢？" after "江苏有多少产业链党建联盟?"
// becomes "贵州有多少产业链党建联盟?": the new subject replaces the previous
// question's subject inside the previous question's frame. Pronouns
// ("它成立于哪一年？") are replaced by the previous question's subject.
import type { Segmenter } from "../../ingest/segment.js";
import { findEntities, PROVINCES } from "./question.js";
import type { ChatTurn } from "./types.js";

const FOLLOW_UP_OPENERS = /^(那么?|还有|另外|同样|再问一下|那在)/;
const FOLLOW_UP_ENDING = /呢\s*[？?]?\s*$/;
const PRONOUN = /(它们|他们|她们|该地|该县|该市|该省|该单位|这个地方|那里|它|他|她|其)/;

/** The previous user question, if this question reads as a follow-up to it. */
export function previousQuestion(question: string, history: ChatTurn[]): string | undefined {
  const previous = [...history].reverse().find((turn) => turn.role === "user")?.content;
  if (!previous) return undefined;
  const han = (question.match(/[\u4e00-\u9fff]/g) ?? []).length;
  const elliptical = FOLLOW_UP_OPENERS.test(question) || FOLLOW_UP_ENDING.test(question) || han <= 5 || PRONOUN.test(question);
  return elliptical ? previous : undefined;
}

/** A standalone question, or undefined when the question needs no rewrite. */
export function rewriteFollowUp(question: string, history: ChatTurn[], segmenter: Segmenter): string | undefined {
  const previous = previousQuestion(question, history);
  if (!previous) return undefined;
  const core = question.replace(FOLLOW_UP_OPENERS, "").replace(FOLLOW_UP_ENDING, "").replace(/[？?。！!\s]+$/, "").trim();
  const previousEntities = findEntities(previous, segmenter);
  const subject = previousEntities[0];

  // "那它成立于哪一年？": the question has its own frame; put the old subject in for the pronoun.
  if (PRONOUN.test(core) && subject && core.length > 4) return core.replace(PRONOUN, subject) + "？";
  // "那贵州呢？": swap the subject in the previous question's frame.
  if (subject && core.length > 0) {
    const span = new RegExp(`${escape(subject)}${PROVINCES.includes(subject) ? "省?" : ""}`);
    return previous.replace(span, core);
  }
  return core.length > 0 ? `${core}${previous}` : previous;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
