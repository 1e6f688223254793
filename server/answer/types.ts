// Shapes shared by the answering paths (extractive and LLM), the server, the
// CLI, the eval and (as types only) the web client. The JSON shapes follow
// DESIGN.md ("Interfaces"). Self-contained on purpose: no server imports.
import type { Intent, ScopeLevel } from "../../ingest/lexicons/intent.js";

export type { Intent, ScopeLevel };

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

/** A passage an answer can cite: one sentence (or a few) of one article, with offsets. */
export interface Citation {
  /** The number used in the answer's [n] markers, from 1. */
  n: number;
  docId: string;
  /** Where the original is kept: "seeds/<file>" or "uploads/<sourceId>.<ext>". */
  source: string;
  /** Set by the server; optional only for citations saved by older versions (browser history). */
  sourceId?: string;
  /** The source's readable name (its file name, or its title when the file name is a code). */
  sourceName?: string;
  title: string;
  author?: string;
  /** Exact text of the article between start and end. */
  quote: string;
  start: number;
  end: number;
  /**
   * Set when the quote is the article's by-line or author note rather than its text (offsets are then into that field).
   */
  field?: "author" | "authorNote";
}

/** answered: the corpus holds it; partial: some of what was asked; not_found: nothing. */
export type Coverage = "answered" | "partial" | "not_found";

export interface AnswerTimings {
  rewriteMs: number;
  retrieveMs: number;
  answerMs: number;
  totalMs: number;
  /** LLM path: how long the model call took (until its stream ended or failed). */
  modelMs?: number;
}

/** What a question (or one part of it) asks about: the things the evidence is checked against. */
export interface PlanSlots {
  /** Places, organisations and people the source must speak of. */
  entities: string[];
  /** What is counted ("产业链党建联盟", "营收"). */
  attribute?: string;
  /** The measure word asked for (几辆 → 辆). */
  unit?: string;
  /** Years named (["2020"]); recent: a time filler such as 这几年. */
  time?: { years: string[]; recent: boolean };
  /** 全国 / 全省 / 全市…: a figure of a lower level does not answer it. */
  scope?: { word: string; level: ScopeLevel };
  /** A change of state the question presupposes (解散, 停办, 竣工). */
  event?: string;
  /** The role a 谁 question asks for (党建专员). */
  role?: string;
  /** The term a 什么是 question defines. */
  term?: string;
}

export interface SubQuery {
  text: string;
  intent: Intent;
  slots: PlanSlots;
  /** For a comparison: the side this sub-query asks about, as the question names it. */
  label?: string;
  /** For a comparison: the place, organisation or person of that side, when it names one. */
  entity?: string;
}

/** plan(question, history) → intent, slots, one sub-query per entity compared or per clause asked. */
export interface AnswerPlan {
  intent: Intent;
  language: "zh" | "en";
  /** The normalised, standalone question. */
  question: string;
  /** Courtesy words, preambles and fillers taken out. */
  removed?: string[];
  slots: PlanSlots;
  subQueries: SubQuery[];
}

/** A comparison as a table: one row per entity with its cited value. */
export interface AnswerTable {
  columns: [string, string];
  rows: Array<{ entity: string; value: string; citation: number }>;
}

export interface AnswerResult {
  answer: string;
  refused: boolean;
  coverage: Coverage;
  /** For partial answers: what the answer leaves out (not covered by the corpus, or not by the quoted sources). */
  missing?: string[];
  citations: Citation[];
  /** Closest passages offered with a refusal ("相关内容"); they do not answer the question. */
  related?: Citation[];
  mode: "llm" | "extractive";
  /** For comparisons: the values side by side (the answer text holds the same rows). */
  table?: AnswerTable;
  /** How the question was read: intent, slots, sub-queries. */
  plan?: AnswerPlan;
  /** The texts retrieval searched with, one per sub-query and back-off. */
  queries?: string[];
  /** The standalone question used when the input was a follow-up. */
  rewritten?: string;
  /** Why the answer is not what was asked for (LLM fallback, figure removed…), in the user's language. */
  notice?: string;
  /** When the LLM path fell back to the extractive answer: the machine-readable reason (llm_timeout, llm_http…). */
  fallbackReason?: string;
  timings: AnswerTimings;
}

/**
 * Streaming callbacks, called in this order: start, tokens…, citations; then the
 * promise resolves. `onReset` comes between tokens when the model failed mid-way
 * and the fallback answer starts over: the client drops the tokens it has.
 */
export interface AnswerStreamHandlers {
  onStart?: (info: { rewritten?: string }) => void;
  onToken?: (text: string) => void;
  onReset?: () => void;
  onCitations?: (citations: Citation[]) => void;
}

export interface AnswerRequest {
  question: string;
  history?: ChatTurn[];
  signal?: AbortSignal;
}
