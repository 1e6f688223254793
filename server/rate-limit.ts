// Rate limits behind one small interface: the in-process sliding window (the
// default, one server) and a Redis-backed limiter (server/redis/rate-limiter.ts)
// that every server process shares when REDIS_URL is set.

/** A budget of hits per key and window, shared by everything that takes from it. */
export interface RateLimiter {
  /** Records a hit for `key`; resolves to the ms to wait when over the limit, or 0 when allowed. */
  take(key: string): Promise<number>;
  /** The ms to wait before `key` may take again (0 when it may), recording nothing. */
  wait(key: string): Promise<number>;
}

/** A sliding-window counter in this process; keys that go quiet are dropped so memory stays flat. */
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = Date.now();

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): number {
    const now = this.now();
    this.sweep(now);
    const recent = this.recent(key, now);
    this.hits.set(key, recent);
    if (recent.length >= this.limit) return this.waitFor(recent, now);
    recent.push(now);
    return 0;
  }

  wait(key: string): number {
    const now = this.now();
    const recent = this.recent(key, now);
    return recent.length >= this.limit ? this.waitFor(recent, now) : 0;
  }

  get size(): number {
    return this.hits.size;
  }

  private recent(key: string, now: number): number[] {
    return (this.hits.get(key) ?? []).filter((time) => now - time < this.windowMs);
  }

  private waitFor(recent: number[], now: number): number {
    return this.windowMs - (now - (recent[0] ?? now));
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, times] of this.hits) if (times.every((time) => now - time >= this.windowMs)) this.hits.delete(key);
  }
}

/** The in-process RateLimiter: a SlidingWindow behind the shared interface. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly window: SlidingWindow;

  constructor(limit: number, windowMs = 60_000, now?: () => number) {
    this.window = new SlidingWindow(limit, windowMs, now);
  }

  async take(key: string): Promise<number> {
    return this.window.take(key);
  }

  async wait(key: string): Promise<number> {
    return this.window.wait(key);
  }
}

export function retryMessage(waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return `提问过于频繁，请${seconds}秒后再试。Too many questions; try again in ${seconds} s.`;
}
