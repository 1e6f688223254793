// The access token check for HTTP and the Socket.IO handshake. Compared in
// constant time; failed attempts are counted per address and logged, and an
// address over AUTH_FAILURES_PER_MIN waits before any attempt is checked at
// all (issue 14: 2,000 guesses in 0.7 s went unnoticed). The count is a
// RateLimiter, so with REDIS_URL every server process shares it.
import { tokenMatches } from "./auth.js";
import { UserError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { RateLimiter } from "./rate-limit.js";

export interface TokenGateOptions {
  accessToken: string | undefined;
  /** Failed attempts per address, AUTH_FAILURES_PER_MIN a window. */
  failures: RateLimiter;
  logger: Logger;
}

const UNAUTHORIZED = "This server needs an access token: send Authorization: Bearer <ACCESS_TOKEN>. 需要访问令牌。";

export class TokenGate {
  constructor(private readonly options: TokenGateOptions) {}

  get enabled(): boolean {
    return this.options.accessToken !== undefined;
  }

  /** Throws the UserError that refuses `candidate` from `address`; returns when it may pass. */
  async check(candidate: unknown, address: string, transport: "http" | "socket"): Promise<void> {
    const expected = this.options.accessToken;
    if (expected === undefined) return;
    const { failures } = this.options;
    const wait = await failures.wait(address);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new UserError(
        "rate_limited",
        `令牌错误次数过多，请${seconds}秒后再试。Too many failed token attempts from this address; try again in ${seconds} s.`,
        wait,
      );
    }
    if (tokenMatches(candidate, expected)) return;
    const throttled = (await failures.take(address)) > 0 || (await failures.wait(address)) > 0;
    this.options.logger.warn(throttled ? "auth_throttled" : "auth_failed", { address, transport });
    throw new UserError("unauthorized", UNAUTHORIZED);
  }
}
