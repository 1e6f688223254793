// The shared rate limit: one counter per key in Redis (rate-limiter-flexible's
// fixed window, set and incremented atomically by a Lua script), so every
// server process takes from the same budget. Redis unreachable → `unavailable`,
// never a silent pass.
import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RateLimiter } from "../rate-limit.js";
import { unavailable } from "../shared-state.js";

export class RedisRateLimiter implements RateLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(
    client: Redis,
    keyPrefix: string,
    private readonly points: number,
    windowMs: number,
    private readonly onError: (error: Error) => void,
  ) {
    // Redis expiries are whole seconds here (the library's EX); a window under a second is one second.
    const duration = Math.max(1, Math.ceil(windowMs / 1000));
    this.limiter = new RateLimiterRedis({
      storeClient: client,
      keyPrefix,
      points,
      duration,
      rejectIfRedisNotReady: true,
    });
  }

  async take(key: string): Promise<number> {
    try {
      await this.limiter.consume(key);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
      throw this.failed(rejection);
    }
  }

  async wait(key: string): Promise<number> {
    let state: RateLimiterRes | null;
    try {
      state = await this.limiter.get(key);
    } catch (error) {
      throw this.failed(error);
    }
    return state && state.consumedPoints >= this.points ? Math.max(1, state.msBeforeNext) : 0;
  }

  private failed(error: unknown) {
    this.onError(error instanceof Error ? error : new Error(String(error)));
    return unavailable();
  }
}
