// The worker-thread side of a pooled briefing (pooled-briefer.ts): the corpus
// work of one briefing, over the index version the main thread serves.
import type { EmbedderSettings } from "../../ingest/embed.js";
import { perIndex } from "../workers/index-cache.js";
import { Briefer, type PreparedBriefing } from "./briefer.js";
import type { BriefingRequest } from "./types.js";

export interface PrepareBriefingInput {
  /** The index version folder (SearchIndex.directory) of the main thread. */
  indexDirectory: string;
  embedder: EmbedderSettings;
  request: BriefingRequest;
  forModel: boolean;
}

const brieferFor = perIndex((retriever) => new Briefer({ retriever }));

/** Open the index ahead of the first request (start-up), so that one does not wait for it. */
export async function openBriefingIndex(
  input: Pick<PrepareBriefingInput, "indexDirectory" | "embedder">,
): Promise<void> {
  await brieferFor(input.indexDirectory, input.embedder);
}

export async function prepareBriefing(input: PrepareBriefingInput): Promise<PreparedBriefing> {
  const briefer = await brieferFor(input.indexDirectory, input.embedder);
  return briefer.prepare(input.request, input.forModel);
}
