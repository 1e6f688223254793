// A sliding-window rate limiter keyed by connection or IP. In memory, since the
// server is one process; keys that go quiet are dropped so memory stays flat.

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = Date.now();

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a hit for `key`; returns the ms to wait when over the limit, or 0 when allowed. */
  take(key: string): number {
    const now = this.now();
    this.sweep(now);
    const recent = (this.hits.get(key) ?? []).filter((time) => now - time < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return this.windowMs - (now - recent[0]!);
    }
    recent.push(now);
    this.hits.set(key, recent);
    return 0;
  }

  /** The ms to wait before `key` may take again (0 when it may), recording nothing. */
  wait(key: string): number {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((time) => now - time < this.windowMs);
    return recent.length >= this.limit ? this.windowMs - (now - recent[0]!) : 0;
  }

  get size(): number {
    return this.hits.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, times] of this.hits) if (times.every((time) => now - time >= this.windowMs)) this.hits.delete(key);
  }
}

export function retryMessage(waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return `提问过于频繁，请${seconds}秒后再试。Too many questions; try again in ${seconds} s.`;
}
