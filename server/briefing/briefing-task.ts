// The worker-thread side of a pooled briefing (pooled-briefer.ts): opens the
// index version the main thread serves (its folder never changes once
// written), keeps it for the next runs, and does the corpus work of one
// briefing. A new version (a re-ingest, an added source) is opened on first use.
import type { EmbedderSettings } from "../../ingest/embed.js";
import { openSearchIndex, Retriever } from "../retrieval.js";
import { Briefer, type PreparedBriefing } from "./briefer.js";
import type { BriefingRequest } from "./types.js";

export interface PrepareBriefingInput {
  /** The index version folder (SearchIndex.directory) of the main thread. */
  indexDirectory: string;
  embedder: EmbedderSettings;
  request: BriefingRequest;
  forModel: boolean;
}

let opened: { directory: string; briefer: Promise<Briefer> } | undefined;

function brieferFor(directory: string, embedder: EmbedderSettings): Promise<Briefer> {
  if (opened?.directory !== directory) {
    const briefer = openSearchIndex(directory, embedder).then((index) => new Briefer({ retriever: new Retriever(index) }));
    opened = { directory, briefer };
    // A failed open is retried by the next run rather than remembered.
    briefer.catch(() => opened?.briefer === briefer && (opened = undefined));
  }
  return opened.briefer;
}

/** Open the index ahead of the first briefing (start-up), so that one does not wait for it. */
export async function openBriefingIndex(input: Pick<PrepareBriefingInput, "indexDirectory" | "embedder">): Promise<void> {
  await brieferFor(input.indexDirectory, input.embedder);
}

export async function prepareBriefing(input: PrepareBriefingInput): Promise<PreparedBriefing> {
  const briefer = await brieferFor(input.indexDirectory, input.embedder);
  return briefer.prepare(input.request, input.forModel);
}
