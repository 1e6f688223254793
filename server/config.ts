// Configuration: the only module that reads process.env. Parsed once,
// validated with zod, and a bad value stops start-up with a message that names
// the variable and what it accepts.
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { EmbedderSettings } from "../ingest/embed.js";
import { parseTrustProxy } from "./client-address.js";
import { LIMITS } from "./limits.js";

export { LIMITS };

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const port = z.coerce
  .number({ invalid_type_error: "must be a port number from 0 to 65535" })
  .int("must be a whole number")
  .min(0, "must be 0 to 65535")
  .max(65535, "must be 0 to 65535");
const positiveInt = z.coerce
  .number({ invalid_type_error: "must be a positive whole number" })
  .int("must be a whole number")
  .positive("must be greater than 0");
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** Shortest token accepted: 16 characters resist guessing even at the throttled rate. */
export const MIN_TOKEN_CHARS = 16;
/** A secret token (ACCESS_TOKEN; any other token variable should use it too): unset, or at least 16 characters. */
export const secretToken = optionalText.refine(
  (value) => value === undefined || value.length >= MIN_TOKEN_CHARS,
  `must be at least ${MIN_TOKEN_CHARS} characters; generate one with: node -e "console.log(crypto.randomBytes(24).toString('base64url'))"`,
);
/** Comma-separated host names, lower-cased, without ports. */
const hostList = optionalText.transform((value) =>
  value === undefined
    ? undefined
    : value
        .split(",")
        .map((host) => host.trim().toLowerCase())
        .filter((host) => host !== ""),
);
/** TRUST_PROXY: which peers may tell the client's address in X-Forwarded-For. */
const trustProxy = z
  .string()
  .optional()
  .transform((value, ctx) => {
    try {
      return parseTrustProxy(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });
const redisUrl = optionalText.refine(
  (value) => value === undefined || /^rediss?:\/\/[^\s]+$/.test(value),
  "must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0",
);
const databaseUrl = optionalText.refine(
  (value) => value === undefined || /^postgres(?:ql)?:\/\/[^\s]+$/.test(value),
  "must be a postgres:// URL, e.g. postgres://user:password@db.internal:5432/assistant (npm run db prints one)",
);
/** On a 2-core machine one worker thread: the other core stays with the event loop. */
const DEFAULT_WORKER_THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));
/** Names a loopback server answers to when ALLOWED_HOSTS is not set. */
export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "::1", "[::1]"];

const schema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().trim().min(1).default("127.0.0.1"),
    OPENAI_API_KEY: optionalText,
    OPENAI_BASE_URL: optionalText.pipe(z.string().url().optional()),
    CHAT_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
    EMBEDDINGS: z.enum(["local", "openai"]).default("local"),
    EMBEDDING_MODEL: z.string().trim().min(1).default("text-embedding-3-small"),
    // 512 dimensions: the same answers on the eval (all three splits) as 1024 and 2048, and half
    // the graph of 1024 to build, hold and load at scale; 256 lost a dev answer and dev recall
    // (README "Measurements" and "Scale").
    LOCAL_EMBEDDING_DIMENSIONS: positiveInt.max(65536).default(512),
    // A full build over more chunks than this leaves the local embedder's vectors out (BM25 and
    // phrase coverage alone): the fusion still gains from them at 1000× the seeds (244,062 chunks)
    // and they find nothing at 10,000× (2,438,167) while costing most of the ingest and 5 GB of
    // memory (README "Scale"). 1,000,000 lies between the two measured sizes. EMBEDDINGS=openai
    // and the PostgreSQL store keep every vector.
    LOCAL_VECTOR_LIMIT: positiveInt.default(1_000_000),
    HNSW_M: positiveInt.max(128).default(16),
    // Unset: 32 with the local embedder, 64 with a real model. The hashed embedder's vectors count
    // only when they stand out (score-aware fusion), and the fused top 5 were the same at 32 and 64
    // at 1×, 100× and 1000× while the graph took 1.8× less time to build (README "Scale"); a real
    // model's graph was not measured here, so it keeps the wider build.
    HNSW_EF_CONSTRUCTION: positiveInt.max(2000).optional(),
    HNSW_EF_SEARCH: positiveInt.max(5000).default(64),
    // Ingest cuts, embeds and builds the graph in this many shards on worker threads (a corpus
    // of ≥ 5,000 chunks per shard; smaller ones use fewer). A batch job: every core by default.
    INGEST_THREADS: positiveInt.max(64).default(Math.max(1, Math.min(4, availableParallelism()))),
    LLM_TIMEOUT_MS: positiveInt.default(20000),
    RATE_LIMIT_PER_MIN: positiveInt.default(30),
    ACCESS_TOKEN: secretToken,
    ALLOWED_HOSTS: hostList,
    AUTH_FAILURES_PER_MIN: positiveInt.default(10),
    MAX_CONNECTIONS: positiveInt.default(800),
    MAX_CONNECTIONS_PER_ADDRESS: positiveInt.default(100),
    WORKER_THREADS: positiveInt.max(64).default(DEFAULT_WORKER_THREADS),
    WORK_BUDGET_MS: positiveInt.default(30_000),
    WORK_QUEUE: positiveInt.default(64),
    TRUST_PROXY: trustProxy,
    REDIS_URL: redisUrl,
    DATABASE_URL: databaseUrl,
    REDIS_KEY_PREFIX: z.string().trim().min(1).max(64).default("cited-news:"),
    CONVERSATION_TTL_S: positiveInt.default(86_400),
    WORKERS: positiveInt.max(64).default(1),
    // Uploads and deletes, and evaluators (X-Admin-Token) running the eval and the retrieval check
    // without rate limits; short tokens are guessable, so they are refused at start-up.
    ADMIN_TOKEN: secretToken,
    UPLOAD_MAX_MB: positiveInt.max(1024).default(20),
    DATA_DIR: z.string().trim().min(1).default("data"),
    INDEX_DIR: optionalText,
    SEEDS_DIR: z.string().trim().min(1).default("seeds"),
  })
  .superRefine((env, ctx) => {
    if (env.EMBEDDINGS === "openai" && !env.OPENAI_API_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["EMBEDDINGS"],
        message: 'is "openai" but OPENAI_API_KEY is not set; set the key or use EMBEDDINGS=local',
      });
    }
    if (env.WORKERS > 1 && !env.REDIS_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["WORKERS"],
        message:
          "is more than 1 but REDIS_URL is not set: worker processes share conversations, rate limits and " +
          "Socket.IO through Redis. Set REDIS_URL=redis://… or use WORKERS=1",
      });
    }
  });

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof schema>) {
  return {
    port: env.PORT,
    host: env.HOST,
    openai: {
      apiKey: env.OPENAI_API_KEY,
      baseURL: env.OPENAI_BASE_URL,
      chatModel: env.CHAT_MODEL,
      embeddingModel: env.EMBEDDING_MODEL,
    },
    embeddings: env.EMBEDDINGS,
    localEmbeddingDimensions: env.LOCAL_EMBEDDING_DIMENSIONS,
    localVectorLimit: env.LOCAL_VECTOR_LIMIT,
    hnsw: {
      m: env.HNSW_M,
      efConstruction: env.HNSW_EF_CONSTRUCTION ?? (env.EMBEDDINGS === "local" ? 32 : 64),
      efSearch: env.HNSW_EF_SEARCH,
    },
    ingestThreads: env.INGEST_THREADS,
    llmTimeoutMs: env.LLM_TIMEOUT_MS,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MIN,
    accessToken: env.ACCESS_TOKEN,
    /** Host names the server answers to (Host header and Socket.IO handshake); loopback names unless set. */
    allowedHosts: env.ALLOWED_HOSTS ?? LOOPBACK_HOSTS,
    authFailuresPerMinute: env.AUTH_FAILURES_PER_MIN,
    connections: { total: env.MAX_CONNECTIONS, perAddress: env.MAX_CONNECTIONS_PER_ADDRESS },
    work: { threads: env.WORKER_THREADS, budgetMs: env.WORK_BUDGET_MS, maxQueue: env.WORK_QUEUE },
    limits: LIMITS,
    /** Proxies trusted to name the client's address (X-Forwarded-For); none by default. */
    trustProxy: env.TRUST_PROXY,
    /** Shared state for several server processes; unset → everything stays in this process. */
    redis: env.REDIS_URL === undefined ? undefined : { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX },
    conversationTtlMs: env.CONVERSATION_TTL_S * 1000,
    /** The corpus in PostgreSQL + pgvector instead of INDEX_DIR; unset → the local store. */
    databaseUrl: env.DATABASE_URL,
    /** Server processes on this machine (node:cluster); more than 1 needs REDIS_URL. */
    workers: env.WORKERS,
    adminToken: env.ADMIN_TOKEN,
    uploadMaxBytes: env.UPLOAD_MAX_MB * 1024 * 1024,
    /** The index, uploads, and (SQLite) feedback, recorded answers and saved briefings live here. */
    dataDir: path.resolve(PROJECT_ROOT, env.DATA_DIR),
    indexDir: path.resolve(PROJECT_ROOT, env.INDEX_DIR ?? path.join(env.DATA_DIR, "index")),
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
      // A secret's value is never printed, not even a wrong one (connection URLs may hold a password).
      const secret = /_(?:TOKEN|KEY)$|^(?:REDIS|DATABASE)_URL$/.test(name);
      const shown = value === undefined || secret ? "" : `=${JSON.stringify(value)}`;
      return `  ${name}${shown}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration (see .env.example):\n${problems.join("\n")}`);
  }
  return toConfig(parsed.data);
}

/** The embedder the configuration asks for, in the shape ingest and the index loader take. */
export function embedderSettings(config: Config): EmbedderSettings {
  if (config.embeddings === "openai") {
    return {
      kind: "openai",
      apiKey: config.openai.apiKey ?? "",
      baseURL: config.openai.baseURL,
      model: config.openai.embeddingModel,
    };
  }
  return { kind: "local", dimensions: config.localEmbeddingDimensions, vectorLimit: config.localVectorLimit };
}
