// The shared state on Redis (REDIS_URL): conversations, rate limits and the
// Socket.IO streams adapter (events and connection-state recovery across
// processes). Health follows the connections; while Redis is away, what needs it
// answers `unavailable`, and everything resumes when it is back.
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import type { SharedState } from "../shared-state.js";
import { adapterClient, commandClient, redisAddress } from "./client.js";
import { RedisConversationStore } from "./conversation-store.js";
import { RedisRateLimiter } from "./rate-limiter.js";

export interface RedisSharedStateOptions {
  url: string;
  keyPrefix: string;
  conversationTtlMs: number;
  logger: Logger;
  /** How long start-up waits for Redis before giving up (default 10 s). */
  connectTimeoutMs?: number;
}

export class RedisUnreachableError extends Error {
  override name = "RedisUnreachableError";
}

/** How often an idle stream reader comes back from XREAD (and so how long closing may wait for it). */
const STREAM_BLOCK_MS = 2000;

export async function redisSharedState(options: RedisSharedStateOptions): Promise<SharedState> {
  const { url, keyPrefix, logger } = options;
  const watch = watchConnections(logger, redisAddress(url));
  const commands = commandClient(url);
  const publisher = adapterClient(url, watch.onError);
  watch.follow(commands);
  watch.follow(publisher);
  await connectOrThrow([commands, publisher], url, options.connectTimeoutMs ?? 10_000);
  const logCommandError = (error: Error) => logger.warn("redis_command_failed", { message: error.message });
  return {
    conversations: new RedisConversationStore(
      commands,
      `${keyPrefix}conversation:`,
      options.conversationTtlMs,
      logCommandError,
    ),
    limiter: (name, points, windowMs) =>
      new RedisRateLimiter(commands, `${keyPrefix}rate:${name}`, points, windowMs, logCommandError),
    socketAdapter: createAdapter(publisher, {
      streamName: `${keyPrefix}socket.io`,
      channelPrefix: `${keyPrefix}socket.io`,
      sessionKeyPrefix: `${keyPrefix}socket.io:session:`,
      blockTimeInMs: STREAM_BLOCK_MS,
      onlyPlaintext: true, // every event is JSON: skip the adapter's search for binary attachments
    }),
    health: () => ({
      kind: "redis-streams",
      state: commands.status === "ready" && publisher.status === "ready" ? "ready" : "down",
    }),
    async close() {
      watch.closing = true;
      await Promise.allSettled([commands.quit(), publisher.quit()]);
    },
  };
}

async function connectOrThrow(clients: Redis[], url: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.all(clients.map((client) => client.connect())), timeout]);
  } catch (error) {
    for (const client of clients) client.disconnect();
    throw new RedisUnreachableError(
      `Cannot reach Redis at ${redisAddress(url)} (REDIS_URL): ${(error as Error).message}. ` +
        "Start Redis there, or fix REDIS_URL (unset it to keep everything in this process).",
    );
  } finally {
    clearTimeout(timer);
  }
}

/** One log line when Redis goes away and one when it is back, however many reconnect attempts lie between. */
function watchConnections(logger: Logger, address: string) {
  let down = false;
  let lastError = "";
  const watch = {
    closing: false,
    onError: (error: Error) => {
      lastError = error.message;
    },
    follow(client: Redis) {
      client.on("error", (error: Error) => (lastError = error.message));
      client.on("ready", () => {
        if (!down) return;
        down = false;
        logger.info("redis_ready", { address, message: "Redis is reachable again" });
      });
      client.on("close", () => {
        if (down || watch.closing) return;
        down = true;
        logger.warn("redis_down", {
          address,
          message: `Redis connection lost${lastError ? `: ${lastError}` : ""}; reconnecting`,
        });
      });
    },
  };
  return watch;
}
