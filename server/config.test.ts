// Configuration: defaults for an empty environment, and a clear message naming
// each bad variable.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, embedderSettings, loadConfig, PROJECT_ROOT } from "./config.js";

describe("loadConfig", () => {
  it("runs offline on defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      embeddings: "local",
      rateLimitPerMinute: 30,
      llmTimeoutMs: 20000,
    });
    expect(config.openai.apiKey).toBeUndefined();
    expect(config.hnsw).toEqual({ m: 16, efConstruction: 32, efSearch: 64 });
    expect(config.indexDir).toBe(path.join(PROJECT_ROOT, "data/index"));
    expect(embedderSettings(config)).toEqual({ kind: "local", dimensions: 512, vectorLimit: 1_000_000 });
  });

  it("builds a real model's graph wider than the hashed embedder's unless told", () => {
    expect(loadConfig({ EMBEDDINGS: "openai", OPENAI_API_KEY: "k" }).hnsw.efConstruction).toBe(64);
    expect(loadConfig({ HNSW_EF_CONSTRUCTION: "100" }).hnsw.efConstruction).toBe(100);
  });

  it("treats empty strings as unset (a copied .env.example)", () => {
    const config = loadConfig({ OPENAI_API_KEY: "", OPENAI_BASE_URL: "", ACCESS_TOKEN: " " });
    expect(config.openai.apiKey).toBeUndefined();
    expect(config.accessToken).toBeUndefined();
  });

  it("names every bad variable with what it accepts", () => {
    let message = "";
    try {
      loadConfig({
        PORT: "abc",
        HNSW_EF_SEARCH: "1.5",
        EMBEDDINGS: "bert",
        OPENAI_BASE_URL: "not a url",
        LOCAL_VECTOR_LIMIT: "0",
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('PORT="abc": must be a port number from 0 to 65535');
    expect(message).toContain('HNSW_EF_SEARCH="1.5": must be a whole number');
    expect(message).toContain('EMBEDDINGS="bert"');
    expect(message).toContain("OPENAI_BASE_URL");
    expect(message).toContain('LOCAL_VECTOR_LIMIT="0": must be greater than 0');
  });

  it("refuses an ACCESS_TOKEN shorter than 16 characters at start-up, without printing it", () => {
    expect(() => loadConfig({ ACCESS_TOKEN: "s3cret-token" })).toThrow(/ACCESS_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ ACCESS_TOKEN: "s3cret-token" })).not.toThrow(/s3cret/);
    expect(loadConfig({ ACCESS_TOKEN: "a-token-long-enough-1234" }).accessToken).toBe("a-token-long-enough-1234");
  });

  it("reads the hardening settings", () => {
    const config = loadConfig({
      ALLOWED_HOSTS: "Chat.Example.org, 10.0.0.5",
      MAX_CONNECTIONS: "50",
      MAX_CONNECTIONS_PER_ADDRESS: "5",
      WORKER_THREADS: "2",
    });
    expect(config.allowedHosts).toEqual(["chat.example.org", "10.0.0.5"]);
    expect(config.connections).toEqual({ total: 50, perAddress: 5 });
    expect(config.work.threads).toBe(2);
    expect(loadConfig({}).allowedHosts).toContain("127.0.0.1");
  });

  it("keeps the data under DATA_DIR and refuses a short ADMIN_TOKEN", () => {
    const config = loadConfig({ DATA_DIR: "/srv/kb", ADMIN_TOKEN: "0123456789abcdef" });
    expect(config).toMatchObject({
      dataDir: "/srv/kb",
      indexDir: "/srv/kb/index",
      adminToken: "0123456789abcdef",
      uploadMaxBytes: 20 * 1024 * 1024,
    });
    expect(loadConfig({}).dataDir).toBe(path.join(PROJECT_ROOT, "data"));
    expect(loadConfig({ DATA_DIR: "var/assistant" }).dataDir).toBe(path.join(PROJECT_ROOT, "var/assistant"));
    expect(loadConfig({ ADMIN_TOKEN: "" }).adminToken).toBeUndefined();
    expect(() => loadConfig({ ADMIN_TOKEN: "short-token" })).toThrow(/ADMIN_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ ADMIN_TOKEN: "short-token" })).not.toThrow(/short-token/);
    expect(loadConfig({ UPLOAD_MAX_MB: "5" }).uploadMaxBytes).toBe(5 * 1024 * 1024);
  });

  it("refuses EMBEDDINGS=openai without a key", () => {
    expect(() => loadConfig({ EMBEDDINGS: "openai" })).toThrow(/OPENAI_API_KEY is not set/);
  });

  it("passes an OpenAI-compatible endpoint through", () => {
    const config = loadConfig({
      OPENAI_API_KEY: "k",
      OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
      CHAT_MODEL: "qwen2.5",
      EMBEDDINGS: "openai",
      EMBEDDING_MODEL: "bge-m3",
    });
    expect(config.openai).toEqual({
      apiKey: "k",
      baseURL: "http://127.0.0.1:11434/v1",
      chatModel: "qwen2.5",
      embeddingModel: "bge-m3",
    });
    expect(embedderSettings(config)).toEqual({
      kind: "openai",
      apiKey: "k",
      baseURL: "http://127.0.0.1:11434/v1",
      model: "bge-m3",
    });
  });

  it("reads the scale-out settings, and keeps everything in this process by default", () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      redis: undefined,
      databaseUrl: undefined,
      workers: 1,
      trustProxy: false,
      conversationTtlMs: 86_400_000,
    });
    const config = loadConfig({
      REDIS_URL: "redis://127.0.0.1:6390/2",
      WORKERS: "2",
      TRUST_PROXY: "10.0.0.0/8, loopback",
    });
    expect(config.redis).toEqual({ url: "redis://127.0.0.1:6390/2", keyPrefix: "cited-news:" });
    expect(config.workers).toBe(2);
    expect(config.trustProxy).toEqual(["10.0.0.0/8", "loopback"]);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
  });

  it("refuses WORKERS > 1 without REDIS_URL, a bad TRUST_PROXY and a bad REDIS_URL, hiding the URL", () => {
    expect(() => loadConfig({ WORKERS: "2" })).toThrow(/WORKERS="2": is more than 1 but REDIS_URL is not set/);
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY="true": "true" would let any client choose/);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/99" })).toThrow(/TRUST_PROXY="10.0.0.0\/99": .*hop count/);
    expect(() => loadConfig({ REDIS_URL: "http://:pw@host" })).toThrow(
      /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    expect(() => loadConfig({ REDIS_URL: "http://:pw@host" })).not.toThrow(/pw/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://u:secret@db/x" })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: "mysql://u:secret@db/x" })).not.toThrow(/secret/);
    const url = "postgres://u:p@db:5432/assistant";
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });
});
