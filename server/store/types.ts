// What the server keeps beyond the index: every answer it gave (so feedback and
// "add to briefing" can name it by answerId), the feedback on answers, and the
// briefings trainers saved. Behind these interfaces so a PostgreSQL store can
// stand beside the SQLite one (DATABASE_URL) without touching the routes.
import type { Citation, Coverage } from "../answer/types.js";
import type { BriefingFigure } from "../briefing/types.js";
import type { Scope } from "../retrieval/scope-type.js";

export interface RecordedAnswer {
  answerId: string;
  createdAt: string;
  question: string;
  /** The standalone question a follow-up was answered as. */
  rewritten?: string;
  scope?: Scope;
  answer: string;
  citations: Citation[];
  mode: "llm" | "extractive";
  refused: boolean;
  coverage: Coverage;
}

export const FEEDBACK_REASONS = ["数字错误", "出处不对", "没有回答问题", "不该拒答", "其他"] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];
export type Rating = "up" | "down";

export interface Feedback {
  answerId: string;
  rating: Rating;
  reason?: FeedbackReason;
  comment?: string;
  createdAt: string;
  updatedAt: string;
}

export interface FeedbackInput {
  answerId: string;
  rating: Rating;
  reason?: FeedbackReason;
  comment?: string;
}

/** A 👎 with the answer it was given on: the material for a draft eval line. */
export interface DownvotedAnswer {
  feedback: Feedback;
  answer: RecordedAnswer;
}

export interface SavedBriefingPoint {
  /** Stable within its briefing ("p1", "p2"…), so edits name points, not positions. */
  id: string;
  /** With [n] markers that refer to the briefing's citations. */
  text: string;
  citations: number[];
  /** Rewritten by a person: the text is no longer the quoted or generated one. */
  edited?: boolean;
  /** The text before it was first rewritten. */
  originalText?: string;
  /** Added from a chat answer. */
  fromAnswerId?: string;
}

export interface SavedBriefing {
  id: string;
  topic: string;
  scope?: Scope;
  title: string;
  points: SavedBriefingPoint[];
  figures: BriefingFigure[];
  citations: Citation[];
  mode: "llm" | "extractive";
  notice?: string;
  createdAt: string;
  updatedAt: string;
}

export type SavedBriefingSummary = Pick<SavedBriefing, "id" | "topic" | "title" | "createdAt" | "updatedAt"> & {
  points: number;
};

/** A briefing's content as stored: everything but the id and the times. */
export type SavedBriefingContent = Omit<SavedBriefing, "id" | "createdAt" | "updatedAt">;

export interface AnswerLog {
  record(answer: RecordedAnswer): Promise<void>;
  get(answerId: string): Promise<RecordedAnswer | undefined>;
}

export interface FeedbackStore {
  /** One feedback per answer: a second one replaces the first. Undefined when the answer is unknown. */
  put(input: FeedbackInput): Promise<Feedback | undefined>;
  forAnswers(answerIds: string[]): Promise<Feedback[]>;
  /** Every 👎 with its answer, oldest first. */
  downvoted(): Promise<DownvotedAnswer[]>;
}

export interface BriefingStore {
  list(): Promise<SavedBriefingSummary[]>;
  get(id: string): Promise<SavedBriefing | undefined>;
  create(content: SavedBriefingContent): Promise<SavedBriefing>;
  /** Undefined when there is no such briefing. */
  replace(id: string, content: SavedBriefingContent): Promise<SavedBriefing | undefined>;
  delete(id: string): Promise<boolean>;
}

export interface ToolStore {
  /** "sqlite:<file>" — for logs and /api/health. */
  readonly description: string;
  answers: AnswerLog;
  feedback: FeedbackStore;
  briefings: BriefingStore;
  close(): Promise<void>;
}
