// The worker-thread side of a pooled answer (pooled-answerer.ts): one
// extractive answer over the index version the main thread serves, within the
// question's scope when it has one.
import type { EmbedderSettings } from "../../ingest/embed.js";
import type { Scope } from "../retrieval/scope.js";
import { ScopedAnswerers } from "../scoped-answerers.js";
import { perIndex } from "../workers/index-cache.js";
import { Answerer } from "./answerer.js";
import type { AnswerResult, ChatTurn } from "./types.js";

export interface AnswerQuestionInput {
  /** The index version folder (SearchIndex.directory) of the main thread. */
  indexDirectory: string;
  embedder: EmbedderSettings;
  question: string;
  history?: ChatTurn[];
  /** Checked against this index version by the main thread already. */
  scope?: Scope;
}

const answerersFor = perIndex(
  (retriever) => new ScopedAnswerers(retriever, (scoped) => new Answerer({ retriever: scoped })),
);

export async function answerQuestion(input: AnswerQuestionInput): Promise<AnswerResult> {
  const answerer = (await answerersFor(input.indexDirectory, input.embedder)).get(input.scope);
  return answerer.answer({ question: input.question, ...(input.history ? { history: input.history } : {}) });
}
