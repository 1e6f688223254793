// The worker-thread side of an offline retrieval check (retrieval-check.ts):
// the answer and the deeper searches over the index version the main thread
// serves, so an evaluator's checks leave the event loop free.
import type { EmbedderSettings } from "../../ingest/embed.js";
import { Answerer } from "../answer/answerer.js";
import type { RetrievalCheckResponseBody } from "../protocol.js";
import type { Scope } from "../retrieval/scope.js";
import { retrieverFor } from "../workers/index-cache.js";
import { checkRetrieval } from "./retrieval-check.js";

export interface RetrievalCheckInput {
  /** The index version folder (SearchIndex.directory) of the main thread. */
  indexDirectory: string;
  embedder: EmbedderSettings;
  question: string;
  /** Checked against this index version by the main thread already. */
  scope?: Scope;
}

export async function checkRetrievalOffline(input: RetrievalCheckInput): Promise<RetrievalCheckResponseBody> {
  const { index } = await retrieverFor(input.indexDirectory, input.embedder);
  return checkRetrieval(index, (retriever) => new Answerer({ retriever }), input.question, input.scope);
}
