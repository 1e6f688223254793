// Wiring shared by the server, the CLI and the eval: open the corpus the
// configuration names and build the answerer over it. The assistant follows
// the corpus store: each new snapshot (an upload, a removal, an `npm run
// ingest` in another process) gets its own retriever, answerer and briefer,
// built on first use; a request keeps the ones it started with, so answers in
// flight finish on the version they began on.
import type { CorpusStore } from "../ingest/corpus-store.js";
import type { SearchIndex } from "../ingest/search-index.js";
import { LocalCorpusStore } from "../ingest/store-local.js";
import { ConfigError, embedderSettings, type Config } from "./config.js";
import { Answerer } from "./answer/answerer.js";
import { Briefer } from "./briefing/briefer.js";
import { LlmClient } from "./answer/llm.js";
import { Retriever } from "./retrieval.js";

export interface Assistant {
  readonly index: SearchIndex;
  readonly retriever: Retriever;
  readonly answerer: Answerer;
  /** Briefings over the same retriever and model. */
  readonly briefer: Briefer;
}

export interface LibraryAssistant extends Assistant {
  /** The corpus behind it, for the 资料库 routes. */
  readonly library: CorpusStore<SearchIndex>;
}

/** An assistant over one fixed snapshot. */
export function assistantFor(index: SearchIndex, llm?: LlmClient): Assistant {
  const retriever = new Retriever(index);
  return { index, retriever, answerer: new Answerer({ retriever, llm }), briefer: new Briefer({ retriever, llm: llm?.settings }) };
}

/** An assistant that always answers from the store's current snapshot. */
export function followingAssistant(library: CorpusStore<SearchIndex>, llm?: LlmClient): LibraryAssistant {
  let built: Assistant | undefined;
  const current = (): Assistant => {
    const index = library.current();
    if (built?.index !== index) built = assistantFor(index, llm);
    return built;
  };
  return {
    library,
    get index() {
      return current().index;
    },
    get retriever() {
      return current().retriever;
    },
    get answerer() {
      return current().answerer;
    },
    get briefer() {
      return current().briefer;
    },
  };
}

export async function openAssistant(config: Config, options: { mode?: "llm" | "extractive"; warn?: (message: string) => void } = {}): Promise<LibraryAssistant> {
  const wantLlm = options.mode !== "extractive" && config.openai.apiKey !== undefined;
  if (options.mode === "llm" && !wantLlm) throw new ConfigError("--mode llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI endpoint).");
  const llm = wantLlm
    ? new LlmClient({ apiKey: config.openai.apiKey!, baseURL: config.openai.baseURL, model: config.openai.chatModel, timeoutMs: config.llmTimeoutMs })
    : undefined;
  const library = new LocalCorpusStore({ indexDir: config.indexDir, dataDir: config.dataDir, embedder: embedderSettings(config), warn: options.warn });
  await library.open();
  return followingAssistant(library, llm);
}
