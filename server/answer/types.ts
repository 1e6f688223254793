// Shapes shared by the answering paths (extractive and LLM), the server, the
// CLI, the eval and (as types only) the web client. The JSON shapes follow
// DESIGN.md ("Interfaces"). Self-contained on purpose: no server imports.

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

export interface AnswerResult {
  answer: string;
  refused: boolean;
  coverage: Coverage;
  /** For partial answers: what the corpus does not cover. */
  missing?: string[];
  citations: Citation[];
  /** Closest passages offered with a refusal ("相关内容"); they do not answer the question. */
  related?: Citation[];
  mode: "llm" | "extractive";
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
