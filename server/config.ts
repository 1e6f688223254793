// Configuration: the only module that reads process.env. Parsed once,
// validated with zod, and a bad value stops start-up with a message that names
// the variable and what it accepts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { EmbedderSettings } from "../ingest/embed.js";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const port = z.coerce.number({ invalid_type_error: "must be a port number from 0 to 65535" }).int("must be a whole number").min(0, "must be 0 to 65535").max(65535, "must be 0 to 65535");
const positiveInt = z.coerce.number({ invalid_type_error: "must be a positive whole number" }).int("must be a whole number").positive("must be greater than 0");
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const schema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().trim().min(1).default("127.0.0.1"),
    OPENAI_API_KEY: optionalText,
    OPENAI_BASE_URL: optionalText.pipe(z.string().url().optional()),
    CHAT_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
    EMBEDDINGS: z.enum(["local", "openai"]).default("local"),
    EMBEDDING_MODEL: z.string().trim().min(1).default("text-embedding-3-small"),
    // 1024 dimensions and efConstruction 64: the same answers and near-identical retrieval
    // on the eval as 2048 / 200, a 4.5× faster ingest and better recall at 100× the
    // corpus (README "Measurements" and "Benchmarks").
    LOCAL_EMBEDDING_DIMENSIONS: positiveInt.max(65536).default(1024),
    HNSW_M: positiveInt.max(128).default(16),
    HNSW_EF_CONSTRUCTION: positiveInt.max(2000).default(64),
    HNSW_EF_SEARCH: positiveInt.max(5000).default(64),
    LLM_TIMEOUT_MS: positiveInt.default(20000),
    RATE_LIMIT_PER_MIN: positiveInt.default(30),
    ACCESS_TOKEN: optionalText,
    // Evaluators send it (X-Admin-Token) to run the eval and the retrieval check without rate limits.
    ADMIN_TOKEN: optionalText.pipe(
      z.string().min(16, "must be at least 16 characters (a long random string)").optional(),
    ),
    DATA_DIR: z.string().trim().min(1).default("data"),
    INDEX_DIR: z.string().trim().min(1).default("data/index"),
    SEEDS_DIR: z.string().trim().min(1).default("seeds"),
  })
  .superRefine((env, ctx) => {
    if (env.EMBEDDINGS === "openai" && !env.OPENAI_API_KEY) {
      ctx.addIssue({ code: "custom", path: ["EMBEDDINGS"], message: 'is "openai" but OPENAI_API_KEY is not set; set the key or use EMBEDDINGS=local' });
    }
  });

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof schema>) {
  return {
    port: env.PORT,
    host: env.HOST,
    openai: { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, chatModel: env.CHAT_MODEL, embeddingModel: env.EMBEDDING_MODEL },
    embeddings: env.EMBEDDINGS,
    localEmbeddingDimensions: env.LOCAL_EMBEDDING_DIMENSIONS,
    hnsw: { m: env.HNSW_M, efConstruction: env.HNSW_EF_CONSTRUCTION, efSearch: env.HNSW_EF_SEARCH },
    llmTimeoutMs: env.LLM_TIMEOUT_MS,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MIN,
    accessToken: env.ACCESS_TOKEN,
    adminToken: env.ADMIN_TOKEN,
    /** Feedback, recorded answers and saved briefings (SQLite) live here. */
    dataDir: path.resolve(PROJECT_ROOT, env.DATA_DIR),
    indexDir: path.resolve(PROJECT_ROOT, env.INDEX_DIR),
    seedsDir: path.resolve(PROJECT_ROOT, env.SEEDS_DIR),
  };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parse a configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "configuration");
      const value = env[name];
      return `  ${name}${value === undefined ? "" : `=${JSON.stringify(value)}`}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration (see .env.example):\n${problems.join("\n")}`);
  }
  return toConfig(parsed.data);
}

/** The embedder the configuration asks for, in the shape ingest and the index loader take. */
export function embedderSettings(config: Config): EmbedderSettings {
  if (config.embeddings === "openai") {
    return { kind: "openai", apiKey: config.openai.apiKey ?? "", baseURL: config.openai.baseURL, model: config.openai.embeddingModel };
  }
  return { kind: "local", dimensions: config.localEmbeddingDimensions };
}
