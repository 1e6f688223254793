// Wiring shared by the server, the CLI and the eval: open the index the
// configuration names and build the answerer over it. The server also passes
// its worker pool: then offline answers, briefings' corpus work and the checks
// of long model replies run on worker threads.
import { ConfigError, embedderSettings, type Config } from "./config.js";
import { Answerer } from "./answer/answerer.js";
import { PooledAnswerer } from "./answer/pooled-answerer.js";
import type { CheckedReply } from "./answer/reply-check.js";
import { Briefer } from "./briefing/briefer.js";
import { PooledBriefer } from "./briefing/pooled-briefer.js";
import { LlmClient } from "./answer/llm.js";
import { openSearchIndex, Retriever, type SearchIndex } from "./retrieval.js";
import { defineTask, type WorkPool } from "./work-pool.js";

export interface Assistant {
  index: SearchIndex;
  retriever: Retriever;
  answerer: Answerer;
  /** Briefings over the same retriever and model. */
  briefer: Briefer;
}

const CHECK_MODEL_REPLY = defineTask<[string, string[]], CheckedReply>(new URL("./answer/reply-check.ts", import.meta.url), "checkModelReply");

export async function openAssistant(config: Config, options: { mode?: "llm" | "extractive"; pool?: WorkPool } = {}): Promise<Assistant> {
  const index = await openSearchIndex(config.indexDir, embedderSettings(config));
  const retriever = new Retriever(index);
  const wantLlm = options.mode !== "extractive" && config.openai.apiKey !== undefined;
  if (options.mode === "llm" && !wantLlm) throw new ConfigError("--mode llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI endpoint).");
  const llm = wantLlm
    ? new LlmClient({ apiKey: config.openai.apiKey!, baseURL: config.openai.baseURL, model: config.openai.chatModel, timeoutMs: config.llmTimeoutMs })
    : undefined;
  const { pool } = options;
  if (!pool) return { index, retriever, answerer: new Answerer({ retriever, llm }), briefer: new Briefer({ retriever, llm: llm?.settings }) };
  // A check that fails off the thread (budget, full queue) makes the answerer fall back to the extractive answer.
  const checkReplyOffThread = (reply: string, passages: string[], signal?: AbortSignal) => pool.run(CHECK_MODEL_REPLY, [reply, passages], { signal });
  return {
    index,
    retriever,
    answerer: new PooledAnswerer({ retriever, llm, checkReplyOffThread }, pool, embedderSettings(config)),
    briefer: new PooledBriefer({ retriever, llm: llm?.settings }, pool, embedderSettings(config)),
  };
}
