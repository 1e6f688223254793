// Shapes of a briefing, shared by the builder, the server, the CLI and (as types
// only) the web client. Self-contained on purpose: no server imports.
import type { Citation } from "../answer/types.js";
import type { Scope } from "../retrieval/scope-type.js";

/** The same scope as a question's: a province, one article, or chosen source files. */
export type BriefingScope = Scope;

export interface BriefingRequest {
  topic: string;
  scope?: BriefingScope;
}

export interface BriefingPoint {
  /** The key point, with [n] markers that refer to `citations[].n`. */
  text: string;
  /** The citation numbers this point rests on (at least one). */
  citations: number[];
}

export interface BriefingFigure {
  /** As printed in the source: "901个", "3.61万个", "9.6%". */
  value: string;
  /** What it counts, from the words around it: "产业链党建联盟(党委)". */
  label: string;
  /** The place it is about, when the sentence or its article names one. */
  place?: string;
  /** The citation whose quote contains `value` verbatim. */
  citation: number;
}

export interface Briefing {
  refused?: false;
  title: string;
  points: BriefingPoint[];
  figures: BriefingFigure[];
  citations: Citation[];
  mode: "llm" | "extractive";
  /** Why the briefing is not what the model wrote (fallback, markers or figures removed), in Chinese. */
  notice?: string;
  /** When the LLM form fell back to the extractive one: the machine-readable reason. */
  fallbackReason?: string;
}

export interface BriefingRefusal {
  refused: true;
  message: string;
}

export type BriefingResult = Briefing | BriefingRefusal;

/** Streaming callbacks: start, then points as they are ready; reset drops the points so far (LLM fallback). */
export interface BriefingStreamHandlers {
  onStart?: (info: { title: string }) => void;
  onPoint?: (point: BriefingPoint, citations: Citation[]) => void;
  onReset?: () => void;
}
