// Every check a model's reply goes through before a user sees it, in one pure
// function (plain data in and out, so it can run on a worker thread for a long
// reply). No reply skips it: a refusal is checked like an answer (issue 14: a
// reply starting "无法回答：" used to pass verbatim, bogus markers, figures and
// injected text included), and an answer the checks leave hollow ("另见。[1]")
// is not an answer.
import { cleanCitationMarkers, parseCitationMarkers, renumberCitations, stripCitationMarkers } from "./citations.js";
import { FIGURE } from "./figure-grammar.js";
import { removeUnsupportedFigures } from "./figures.js";
import { ANSWER_FALLBACK_NOTICES } from "./notices.js";
import { capReply } from "./reply-limits.js";

const REFUSAL_PREFIX = /^\s*(?:无法回答|I cannot answer|Cannot answer)/i;
/** A refusal says, in a sentence or two, what the passages lack; nothing longer is a refusal. */
export const MAX_REFUSAL_CHARS = 200;
/** Letters and digits an answer must keep after the checks, whatever it started with. */
const MIN_CONTENT_CHARS = 4;
/** After the checks removed something, what is left must share this many character pairs with its passages. */
const MIN_SHARED_PAIRS = 3;

export type FallbackReason = "llm_uncited" | "llm_unsupported_figures" | "llm_hollow" | "llm_bad_refusal";

export type CheckedReply =
  | { kind: "refusal"; text: string }
  | { kind: "fallback"; reason: FallbackReason; notice: string }
  | {
      kind: "answer";
      /** Markers renumbered 1..k in order of first use. */
      answer: string;
      /** The passage numbers behind [1]..[k], in that order. */
      cited: number[];
      removedMarkers: number[];
      removedFigures: string[];
      /** The reply was longer than the caps and was cut. */
      capped: boolean;
    };

const fallback = (reason: FallbackReason): CheckedReply => ({
  kind: "fallback",
  reason,
  notice: ANSWER_FALLBACK_NOTICES[reason],
});

export function isRefusal(reply: string): boolean {
  return REFUSAL_PREFIX.test(reply);
}

/**
 * A refusal may only say that the passages do not answer: one short paragraph,
 * no citation markers or brackets, no figures, no links or markup.
 */
export function isCleanRefusal(reply: string): boolean {
  const text = reply.trim();
  if (text.length > MAX_REFUSAL_CHARS || /\n/.test(text)) return false;
  if (/[[\]［］<>]|https?:|www\.|\]\(/i.test(text)) return false;
  return !/[0-9０-９]/.test(text) && !FIGURE.test(text);
}

/** Letters and digits only, folded (full width → half width, lower case). */
function content(text: string): string {
  return stripCitationMarkers(text)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Each two adjacent characters (code points) of `text`, in order. */
function* characterPairs(text: string): Generator<string> {
  let previous: string | undefined;
  for (const char of text) {
    if (previous !== undefined) yield previous + char;
    previous = char;
  }
}

/**
 * Left hollow: once the checks removed something, what remains says nothing of
 * its own. It keeps no figure (a figure left has passed the check) and shares
 * fewer than MIN_SHARED_PAIRS character pairs with the passages it cites: "另见。[1]".
 */
function isHollow(answer: string, citedPassages: string[], removedSomething: boolean): boolean {
  const words = content(answer);
  if ([...words].length < MIN_CONTENT_CHARS) return true;
  if (!removedSomething || /[0-9]/.test(words) || FIGURE.test(answer)) return false;
  const passagePairs = new Set<string>();
  for (const passage of citedPassages) for (const pair of characterPairs(content(passage))) passagePairs.add(pair);
  const shared = new Set<string>();
  for (const pair of characterPairs(words)) {
    if (shared.size >= MIN_SHARED_PAIRS) break;
    if (passagePairs.has(pair)) shared.add(pair);
  }
  return shared.size < MIN_SHARED_PAIRS;
}

/** Check a model reply against the passages it was given (`passages[n - 1]` is passage n). */
export function checkModelReply(reply: string, passages: string[]): CheckedReply {
  const { text: raw, capped } = capReply(reply);
  if (isRefusal(raw))
    return isCleanRefusal(reply) ? { kind: "refusal", text: raw.trim() } : fallback("llm_bad_refusal");
  const valid = new Set(passages.map((_, i) => i + 1));
  const cleaned = cleanCitationMarkers(raw, valid);
  if (parseCitationMarkers(cleaned.text).length === 0) return fallback("llm_uncited");
  const quotes = new Map(parseCitationMarkers(cleaned.text).map((n) => [n, passages[n - 1] ?? ""]));
  const checked = removeUnsupportedFigures(cleaned.text, quotes);
  // Removing a sentence with a wrong figure can take a passage's last marker with it.
  const cited = parseCitationMarkers(checked.text);
  if (cited.length === 0) return fallback("llm_unsupported_figures");
  const removedSomething = checked.removed.length > 0 || cleaned.removed.length > 0;
  if (
    isHollow(
      checked.text,
      cited.map((n) => passages[n - 1] ?? ""),
      removedSomething,
    )
  )
    return fallback("llm_hollow");
  const answer = renumberCitations(checked.text, cited).trim();
  return { kind: "answer", answer, cited, removedMarkers: cleaned.removed, removedFigures: checked.removed, capped };
}
