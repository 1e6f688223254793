// Configuration: defaults for an empty environment, and a clear message naming
// each bad variable.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, embedderSettings, loadConfig, PROJECT_ROOT } from "./config.js";

describe("loadConfig", () => {
  it("runs offline on defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: "127.0.0.1", embeddings: "local", rateLimitPerMinute: 30, llmTimeoutMs: 20000 });
    expect(config.openai.apiKey).toBeUndefined();
    expect(config.hnsw).toEqual({ m: 16, efConstruction: 64, efSearch: 64 });
    expect(config.indexDir).toBe(path.join(PROJECT_ROOT, "data/index"));
    expect(embedderSettings(config)).toEqual({ kind: "local", dimensions: 1024 });
  });

  it("treats empty strings as unset (a copied .env.example)", () => {
    const config = loadConfig({ OPENAI_API_KEY: "", OPENAI_BASE_URL: "", ACCESS_TOKEN: " " });
    expect(config.openai.apiKey).toBeUndefined();
    expect(config.accessToken).toBeUndefined();
  });

  it("names every bad variable with what it accepts", () => {
    let message = "";
    try {
      loadConfig({ PORT: "abc", HNSW_EF_SEARCH: "1.5", EMBEDDINGS: "bert", OPENAI_BASE_URL: "not a url" });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('PORT="abc": must be a port number from 0 to 65535');
    expect(message).toContain('HNSW_EF_SEARCH="1.5": must be a whole number');
    expect(message).toContain('EMBEDDINGS="bert"');
    expect(message).toContain("OPENAI_BASE_URL");
  });

  it("keeps the data folder under the project root and refuses a short ADMIN_TOKEN", () => {
    expect(loadConfig({}).dataDir).toBe(path.join(PROJECT_ROOT, "data"));
    expect(loadConfig({ DATA_DIR: "var/assistant" }).dataDir).toBe(path.join(PROJECT_ROOT, "var/assistant"));
    expect(loadConfig({ ADMIN_TOKEN: "" }).adminToken).toBeUndefined();
    expect(loadConfig({ ADMIN_TOKEN: "evaluator-token-0123" }).adminToken).toBe("evaluator-token-0123");
    expect(() => loadConfig({ ADMIN_TOKEN: "short" })).toThrow(/ADMIN_TOKEN="short": must be at least 16 characters/);
  });

  it("refuses EMBEDDINGS=openai without a key", () => {
    expect(() => loadConfig({ EMBEDDINGS: "openai" })).toThrow(/OPENAI_API_KEY is not set/);
  });

  it("passes an OpenAI-compatible endpoint through", () => {
    const config = loadConfig({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", CHAT_MODEL: "qwen2.5", EMBEDDINGS: "openai", EMBEDDING_MODEL: "bge-m3" });
    expect(config.openai).toEqual({ apiKey: "k", baseURL: "http://127.0.0.1:11434/v1", chatModel: "qwen2.5", embeddingModel: "bge-m3" });
    expect(embedderSettings(config)).toEqual({ kind: "openai", apiKey: "k", baseURL: "http://127.0.0.1:11434/v1", model: "bge-m3" });
  });
});
