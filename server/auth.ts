// Token checks shared by the HTTP middleware, the socket handshake and the
// admin routes.
import { createHash, timingSafeEqual } from "node:crypto";

/** Constant-time comparison of fixed-length digests, so timing reveals nothing about the token. */
export function tokenMatches(candidate: unknown, expected: string): boolean {
  if (typeof candidate !== "string" || candidate === "") return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(candidate), digest(expected));
}
