// The index a worker thread serves from: the version folder the main thread
// serves (SearchIndex.directory, never changed once written), opened on first
// use and kept; another version (a re-ingest, an added source) replaces it.
// Shared by every task of the worker, so a worker holds one copy of the corpus.
import type { EmbedderSettings } from "../../ingest/embed.js";
import { openSearchIndex, Retriever } from "../retrieval/retriever.js";

let opened: { directory: string; retriever: Promise<Retriever> } | undefined;

export function retrieverFor(directory: string, embedder: EmbedderSettings): Promise<Retriever> {
  if (opened?.directory !== directory) {
    const retriever = openSearchIndex(directory, embedder).then((index) => new Retriever(index));
    opened = { directory, retriever };
    // A failed open is retried by the next task rather than remembered.
    retriever.catch(() => opened?.retriever === retriever && (opened = undefined));
  }
  return opened.retriever;
}

/** One object per opened index, built on first use: what a task keeps beside the index (a Briefer, an Answerer). */
export function perIndex<T>(
  build: (retriever: Retriever) => T,
): (directory: string, embedder: EmbedderSettings) => Promise<T> {
  const built = new WeakMap<Retriever, T>();
  return async (directory, embedder) => {
    const retriever = await retrieverFor(directory, embedder);
    if (!built.has(retriever)) built.set(retriever, build(retriever));
    return built.get(retriever)!;
  };
}
