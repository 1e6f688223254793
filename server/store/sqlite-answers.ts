// Recorded answers and the feedback on them, in SQLite. Answers nobody rated
// are kept up to a bound (the newest ones); rated answers are kept with their
// feedback, since they are eval material.
import type Database from "better-sqlite3";
import type { AnswerLog, DownvotedAnswer, Feedback, FeedbackInput, FeedbackStore, RecordedAnswer } from "./types.js";

/** Unrated answers kept; older ones are pruned every PRUNE_EVERY answers. */
export const MAX_UNRATED_ANSWERS = 20_000;
const PRUNE_EVERY = 500;

interface AnswerRow {
  answer_id: string;
  created_at: string;
  question: string;
  rewritten: string | null;
  scope: string | null;
  answer: string;
  citations: string;
  mode: "llm" | "extractive";
  refused: number;
  coverage: RecordedAnswer["coverage"];
}

interface FeedbackRow {
  answer_id: string;
  rating: Feedback["rating"];
  reason: Feedback["reason"] | null;
  comment: string | null;
  created_at: string;
  updated_at: string;
}

function toAnswer(row: AnswerRow): RecordedAnswer {
  return {
    answerId: row.answer_id,
    createdAt: row.created_at,
    question: row.question,
    ...(row.rewritten ? { rewritten: row.rewritten } : {}),
    ...(row.scope ? { scope: JSON.parse(row.scope) } : {}),
    answer: row.answer,
    citations: JSON.parse(row.citations),
    mode: row.mode,
    refused: row.refused === 1,
    coverage: row.coverage,
  };
}

function toFeedback(row: FeedbackRow): Feedback {
  return {
    answerId: row.answer_id,
    rating: row.rating,
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.comment ? { comment: row.comment } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class SqliteAnswerLog implements AnswerLog {
  private recorded = 0;

  constructor(private readonly db: Database.Database) {}

  async record(answer: RecordedAnswer): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO answers
           (answer_id, created_at, question, rewritten, scope, answer, citations, mode, refused, coverage)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        answer.answerId,
        answer.createdAt,
        answer.question,
        answer.rewritten ?? null,
        answer.scope ? JSON.stringify(answer.scope) : null,
        answer.answer,
        JSON.stringify(answer.citations),
        answer.mode,
        answer.refused ? 1 : 0,
        answer.coverage,
      );
    if (++this.recorded % PRUNE_EVERY === 0) this.prune();
  }

  async get(answerId: string): Promise<RecordedAnswer | undefined> {
    const row = this.db.prepare<[string], AnswerRow>("SELECT * FROM answers WHERE answer_id = ?").get(answerId);
    return row ? toAnswer(row) : undefined;
  }

  /** Drop the oldest unrated answers beyond MAX_UNRATED_ANSWERS. */
  prune(limit = MAX_UNRATED_ANSWERS): number {
    return this.db
      .prepare(
        `DELETE FROM answers WHERE answer_id IN (
           SELECT answer_id FROM answers WHERE answer_id NOT IN (SELECT answer_id FROM feedback)
           ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET ?)`,
      )
      .run(limit).changes;
  }
}

export class SqliteFeedbackStore implements FeedbackStore {
  constructor(private readonly db: Database.Database) {}

  async put(input: FeedbackInput): Promise<Feedback | undefined> {
    const known = this.db.prepare("SELECT 1 FROM answers WHERE answer_id = ?").get(input.answerId);
    if (!known) return undefined;
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO feedback (answer_id, rating, reason, comment, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (answer_id) DO UPDATE SET rating = excluded.rating, reason = excluded.reason,
           comment = excluded.comment, updated_at = excluded.updated_at`,
      )
      .run(input.answerId, input.rating, input.reason ?? null, input.comment ?? null, now, now);
    const row = this.db
      .prepare<[string], FeedbackRow>("SELECT * FROM feedback WHERE answer_id = ?")
      .get(input.answerId);
    return row ? toFeedback(row) : undefined;
  }

  async forAnswers(answerIds: string[]): Promise<Feedback[]> {
    if (answerIds.length === 0) return [];
    const marks = answerIds.map(() => "?").join(", ");
    const rows = this.db
      .prepare<string[], FeedbackRow>(`SELECT * FROM feedback WHERE answer_id IN (${marks})`)
      .all(...answerIds);
    return rows.map(toFeedback);
  }

  async downvoted(): Promise<DownvotedAnswer[]> {
    type Joined = AnswerRow & {
      rating: FeedbackRow["rating"];
      reason: FeedbackRow["reason"];
      comment: string | null;
      f_created_at: string;
      f_updated_at: string;
    };
    const rows = this.db
      .prepare<[], Joined>(
        `SELECT f.rating, f.reason, f.comment, f.created_at AS f_created_at,
                f.updated_at AS f_updated_at, a.*
         FROM feedback f JOIN answers a ON a.answer_id = f.answer_id
         WHERE f.rating = 'down' ORDER BY f.created_at, a.rowid`,
      )
      .all();
    return rows.map((row) => ({
      feedback: toFeedback({ ...row, created_at: row.f_created_at, updated_at: row.f_updated_at }),
      answer: toAnswer(row),
    }));
  }
}
