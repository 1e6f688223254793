// Redis connections, made in one place: from REDIS_URL (redis:// or rediss://
// for TLS), reconnecting with a capped backoff for as long as the server runs,
// so a Redis that comes back is used again without a restart.
import { Redis, type RedisOptions } from "ioredis";

/** Reconnect after 100 ms, 200 ms… then every 2 s. */
const retryStrategy = (attempt: number) => Math.min(attempt * 100, 2000);

/** host:port of a Redis URL, for messages: never the password. */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "6379"}`;
  } catch {
    return "the REDIS_URL address";
  }
}

/**
 * A client for this server's own commands (conversations, rate limits): no offline queue, so a
 * command while Redis is away fails at once (`unavailable`) instead of waiting for it.
 */
export function commandClient(url: string): Redis {
  return new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy });
}

/**
 * The Socket.IO adapter's client. It keeps the offline queue: the adapter's stream reader loops on
 * XREAD, and a queued XREAD waits for the connection instead of failing in a tight loop. A command
 * fails after two reconnect attempts, and the adapter then still delivers to this process's own
 * clients (an answer in flight when Redis goes away is late by a moment, not lost). The connections
 * the adapter duplicates from it get an error listener too (ioredis would print each reconnect
 * failure to the console otherwise).
 */
export function adapterClient(url: string, onError: (error: Error) => void): Redis {
  class AdapterRedis extends Redis {
    override duplicate(override?: Partial<RedisOptions>): Redis {
      const copy = super.duplicate(override);
      copy.on("error", onError);
      return copy;
    }
  }
  return new AdapterRedis(url, { lazyConnect: true, maxRetriesPerRequest: 2, retryStrategy });
}
