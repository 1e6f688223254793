// 👎 answers as draft eval lines: the question, the answer that was given, what
// it cited and why the user disliked it, in the question file's JSONL shape, for
// an evaluator to complete with the gold facts. A draft deliberately does not
// validate (no category, no gold answer, and a `draft` field the format does
// not know), so it cannot slip into an eval run before someone completes it.
import { writeFile } from "node:fs/promises";
import { loadConfig } from "../config.js";
import { openStore } from "../store/open-store.js";
import type { DownvotedAnswer } from "../store/types.js";

export interface DraftEvalLine {
  id: string;
  split: "dev";
  question: string;
  /** An answer the user says should not have been refused is, by their word, answerable. */
  refuse: false | null;
  draft: {
    answerId: string;
    askedAt: string;
    rewritten?: string;
    scope?: DownvotedAnswer["answer"]["scope"];
    answerGiven: string;
    refusedByAssistant: boolean;
    citations: Array<{ n: number; docId: string; source: string; title: string; quote: string }>;
    reason?: string;
    comment?: string;
    /** What the evaluator still has to add before the line is a question. */
    todo: string[];
  };
}

const TODO = [
  "category (one of server/evaluation/questions.ts CATEGORIES)",
  'answer: the gold facts ({"all": […]}, {"any": […]} or {"facts": […], "min": k})',
  "refuse: true or false (and for an answerable question docId + quote of the gold passage)",
  "remove this draft field",
];

export function draftEvalLine({ answer, feedback }: DownvotedAnswer): DraftEvalLine {
  return {
    id: `fb-${answer.answerId.slice(0, 8)}`,
    split: "dev",
    question: answer.question,
    refuse: feedback.reason === "不该拒答" ? false : null,
    draft: {
      answerId: answer.answerId,
      askedAt: answer.createdAt,
      ...(answer.rewritten ? { rewritten: answer.rewritten } : {}),
      ...(answer.scope ? { scope: answer.scope } : {}),
      answerGiven: answer.answer,
      refusedByAssistant: answer.refused,
      citations: answer.citations.map(({ n, docId, source, title, quote }) => ({ n, docId, source, title, quote })),
      ...(feedback.reason ? { reason: feedback.reason } : {}),
      ...(feedback.comment ? { comment: feedback.comment } : {}),
      todo: TODO,
    },
  };
}

/** One JSON object per line, oldest 👎 first; "" when there is none. */
export function draftEvalLines(downvoted: DownvotedAnswer[]): string {
  return downvoted.map((entry) => `${JSON.stringify(draftEvalLine(entry))}\n`).join("");
}

/**
 * `npm run eval -- --from-feedback FILE`: the drafts from the configured store (DATA_DIR) into FILE
 * ("-" for stdout). Returns the number of lines written.
 */
export async function writeFeedbackDrafts(file: string): Promise<number> {
  const store = openStore(loadConfig());
  try {
    const downvoted = await store.feedback.downvoted();
    const lines = draftEvalLines(downvoted);
    if (file === "-") process.stdout.write(lines);
    else await writeFile(file, lines, "utf8");
    return downvoted.length;
  } finally {
    await store.close();
  }
}
