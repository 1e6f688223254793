// Wiring shared by the server, the CLI and the eval: open the index the
// configuration names and build the answerer over it.
import { ConfigError, embedderSettings, type Config } from "./config.js";
import { Answerer } from "./answer/answerer.js";
import { Briefer } from "./briefing/briefer.js";
import { LlmClient } from "./answer/llm.js";
import { openSearchIndex, Retriever, type SearchIndex } from "./retrieval.js";

export interface Assistant {
  index: SearchIndex;
  retriever: Retriever;
  answerer: Answerer;
  /** Briefings over the same retriever and model. */
  briefer: Briefer;
  /** The model client, when one is configured (scoped answerers and follow-up suggestions use it too). */
  llm?: LlmClient;
}

export async function openAssistant(config: Config, options: { mode?: "llm" | "extractive" } = {}): Promise<Assistant> {
  const index = await openSearchIndex(config.indexDir, embedderSettings(config));
  const retriever = new Retriever(index);
  const wantLlm = options.mode !== "extractive" && config.openai.apiKey !== undefined;
  if (options.mode === "llm" && !wantLlm) throw new ConfigError("--mode llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI endpoint).");
  const llm = wantLlm
    ? new LlmClient({ apiKey: config.openai.apiKey!, baseURL: config.openai.baseURL, model: config.openai.chatModel, timeoutMs: config.llmTimeoutMs })
    : undefined;
  const briefer = new Briefer({ retriever, llm: llm?.settings });
  return { index, retriever, answerer: new Answerer({ retriever, llm }), briefer, llm };
}
