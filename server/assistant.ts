// Wiring shared by the server, the CLI and the eval: open the corpus the
// configuration names and build the answerer over it. The assistant follows
// the corpus store: each new snapshot (an upload, a removal, an `npm run
// ingest` in another process) gets its own retriever, answerer and briefer,
// built on first use; a request keeps the ones it started with, so answers in
// flight finish on the version they began on. The server also passes its worker
// pool: then offline answers (scoped ones too), briefings' corpus work, offline
// retrieval checks and the checks of long model replies run on worker threads
// (each worker opens the snapshot's version folder itself).
import type { CorpusStore } from "../ingest/corpus-store.js";
import type { EmbedderSettings } from "../ingest/embed.js";
import type { SearchIndex } from "../ingest/search-index.js";
import { PostgresCorpusStore } from "../ingest/postgres/store.js";
import { LocalCorpusStore } from "../ingest/store-local.js";
import { ConfigError, embedderSettings, type Config } from "./config.js";
import { Answerer, type AnswererOptions } from "./answer/answerer.js";
import { PooledAnswerer } from "./answer/pooled-answerer.js";
import type { CheckedReply } from "./answer/reply-check.js";
import { Briefer } from "./briefing/briefer.js";
import { PooledBriefer } from "./briefing/pooled-briefer.js";
import { LlmClient } from "./answer/llm.js";
import { fromWorkError } from "./errors.js";
import { checkRetrieval } from "./evaluation/retrieval-check.js";
import type { RetrievalCheckInput } from "./evaluation/retrieval-check-task.js";
import type { RetrievalCheckResponseBody } from "./protocol.js";
import { Retriever } from "./retrieval/retriever.js";
import type { Scope } from "./retrieval/scope.js";
import { ScopedAnswerers } from "./scoped-answerers.js";
import { defineTask, type WorkPool } from "./work-pool.js";

export interface Assistant {
  readonly index: SearchIndex;
  readonly retriever: Retriever;
  readonly answerer: Answerer;
  /** Briefings over the same retriever and model. */
  readonly briefer: Briefer;
  /** The model client, when one is configured (follow-up suggestions use it too). */
  readonly llm?: LlmClient;
  /**
   * An answerer like `answerer` that searches only inside `scope` (`answerer` itself for none); `offline`
   * leaves the model out. Throws a UserError for a scope naming an article or source the corpus lacks.
   */
  answererFor(scope: Scope | undefined, offline?: boolean): Answerer;
  /** The retrieval check (检索测试) of one question, with the answerer's own searches and scores. */
  checkRetrieval(question: string, scope: Scope | undefined, signal?: AbortSignal): Promise<RetrievalCheckResponseBody>;
}

/** The parts of an Assistant beyond the four it is built from. */
export type AnsweringTools = Pick<Assistant, "llm" | "answererFor" | "checkRetrieval">;

export interface LibraryAssistant extends Assistant {
  /** The corpus behind it, for the 资料库 routes. */
  readonly library: CorpusStore<SearchIndex>;
}

/** Where the work of answering runs: on the calling thread, or on the worker pool. */
export interface AssistantParts {
  llm?: LlmClient;
  /** With a pool, the embedder its workers open snapshots with. */
  pooled?: { pool: WorkPool; embedder: EmbedderSettings };
}

const CHECK_MODEL_REPLY = defineTask<[string, string[]], CheckedReply>(
  new URL("./answer/reply-check.ts", import.meta.url),
  "checkModelReply",
);
const CHECK_RETRIEVAL = defineTask<[RetrievalCheckInput], RetrievalCheckResponseBody>(
  new URL("./evaluation/retrieval-check-task.ts", import.meta.url),
  "checkRetrievalOffline",
);

/** An assistant over one fixed snapshot. */
export function assistantFor(index: SearchIndex, { llm, pooled }: AssistantParts = {}): Assistant {
  const retriever = new Retriever(index);
  if (!pooled) {
    const answerer = new Answerer({ retriever, llm });
    const briefer = new Briefer({ retriever, llm: llm?.settings });
    return { index, retriever, answerer, briefer, ...answeringTools(retriever, answerer, { llm }) };
  }
  const { pool, embedder } = pooled;
  // A check that fails off the thread (budget, full queue) makes the answerer fall back to the extractive answer.
  const checkReplyOffThread = (reply: string, passages: string[], signal?: AbortSignal) =>
    pool.run(CHECK_MODEL_REPLY, [reply, passages], { signal });
  const answerer = new PooledAnswerer({ retriever, llm, checkReplyOffThread }, pool, embedder);
  return {
    index,
    retriever,
    answerer,
    briefer: new PooledBriefer({ retriever, llm: llm?.settings }, pool, embedder),
    ...answeringTools(retriever, answerer, { llm, pooled, checkReplyOffThread }),
  };
}

/**
 * Scoped answerers and the retrieval check of one snapshot, made the way its
 * `answerer` is: on the pool when that answers there, with the same model.
 */
export function answeringTools(
  retriever: Retriever,
  answerer: Answerer,
  parts: AssistantParts & { checkReplyOffThread?: AnswererOptions["checkReplyOffThread"] } = {},
): AnsweringTools {
  const { llm, pooled, checkReplyOffThread } = parts;
  const model = (offline: boolean) => (offline ? {} : { llm, checkReplyOffThread });
  const scoped = new ScopedAnswerers(retriever, (over, scope, offline) =>
    pooled
      ? new PooledAnswerer({ retriever: over, ...model(offline) }, pooled.pool, pooled.embedder, scope)
      : new Answerer({ retriever: over, ...model(offline) }),
  );
  const { index } = retriever;
  return {
    ...(llm ? { llm } : {}),
    answererFor(scope, offline = false) {
      // Without a model every answer is offline already.
      const withoutModel = offline && llm !== undefined;
      return scope || withoutModel ? scoped.get(scope, withoutModel) : answerer;
    },
    async checkRetrieval(question, scope, signal) {
      if (!pooled || llm) {
        const over = (recording: Retriever) => new Answerer({ retriever: recording, ...model(false) });
        return checkRetrieval(index, over, question, scope, signal);
      }
      const { embedder } = pooled;
      const input = { indexDirectory: index.directory, embedder, question, ...(scope ? { scope } : {}) };
      try {
        return await pooled.pool.run(CHECK_RETRIEVAL, [input], { signal });
      } catch (error) {
        throw fromWorkError(error, pooled.pool.options.budgetMs);
      }
    },
  };
}

/** An assistant that always answers from the store's current snapshot. */
export function followingAssistant(library: CorpusStore<SearchIndex>, parts: AssistantParts = {}): LibraryAssistant {
  let built: Assistant | undefined;
  const current = (): Assistant => {
    const index = library.current();
    if (built?.index !== index) built = assistantFor(index, parts);
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
    get llm() {
      return parts.llm;
    },
    answererFor: (scope, offline) => current().answererFor(scope, offline),
    checkRetrieval: (question, scope, signal) => current().checkRetrieval(question, scope, signal),
  };
}

export async function openAssistant(
  config: Config,
  options: { mode?: "llm" | "extractive"; warn?: (message: string) => void; pool?: WorkPool } = {},
): Promise<LibraryAssistant> {
  const wantLlm = options.mode !== "extractive" && config.openai.apiKey !== undefined;
  if (options.mode === "llm" && !wantLlm)
    throw new ConfigError("--mode llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI endpoint).");
  const llm = wantLlm
    ? new LlmClient({
        apiKey: config.openai.apiKey!,
        baseURL: config.openai.baseURL,
        model: config.openai.chatModel,
        timeoutMs: config.llmTimeoutMs,
      })
    : undefined;
  const library = openLibrary(config, options.warn);
  await library.open();
  // Workers open a snapshot from its version folder; a database snapshot is answered on the main thread.
  const pooled =
    options.pool && !config.databaseUrl ? { pool: options.pool, embedder: embedderSettings(config) } : undefined;
  return followingAssistant(library, { llm, pooled });
}

/** The corpus store the configuration names: PostgreSQL with DATABASE_URL, else the index folder. */
function openLibrary(config: Config, warn?: (message: string) => void): CorpusStore<SearchIndex> {
  const embedder = embedderSettings(config);
  if (config.databaseUrl) return new PostgresCorpusStore({ url: config.databaseUrl, embedder, warn });
  return new LocalCorpusStore({ indexDir: config.indexDir, dataDir: config.dataDir, embedder, warn });
}
