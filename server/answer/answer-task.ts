// The worker-thread side of a pooled answer (pooled-answerer.ts): one
// extractive answer over the index version the main thread serves.
import type { EmbedderSettings } from "../../ingest/embed.js";
import { perIndex } from "../workers/index-cache.js";
import { Answerer } from "./answerer.js";
import type { AnswerResult, ChatTurn } from "./types.js";

export interface AnswerQuestionInput {
  /** The index version folder (SearchIndex.directory) of the main thread. */
  indexDirectory: string;
  embedder: EmbedderSettings;
  question: string;
  history?: ChatTurn[];
}

const answererFor = perIndex((retriever) => new Answerer({ retriever }));

export async function answerQuestion(input: AnswerQuestionInput): Promise<AnswerResult> {
  const answerer = await answererFor(input.indexDirectory, input.embedder);
  return answerer.answer({ question: input.question, ...(input.history ? { history: input.history } : {}) });
}
