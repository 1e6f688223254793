// The client's address, one way for HTTP requests and the Socket.IO handshake:
// the TCP peer, unless TRUST_PROXY names the proxies in front, in which case the
// address they put in X-Forwarded-For (proxy-addr, the library Express itself
// uses). Rate limits, token throttling and logs key on it. Trusting nothing is
// the default: a forged X-Forwarded-For from any client, loopback included,
// changes nothing.
import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";

/** Which peers are trusted proxies: none, the nearest N hops, or these addresses / CIDR ranges / proxy-addr names. */
export type TrustProxy = false | number | string[];

export type ClientAddress = (request: IncomingMessage) => string;

/** TRUST_PROXY as written: empty or "false" → none; "2" → two hops; "10.0.0.0/8, loopback" → those. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? "").trim();
  if (text === "" || text === "false" || text === "0") return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === "true") {
    throw new Error(
      '"true" would let any client choose its own address; give a hop count (1) or the proxies\' addresses',
    );
  }
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  try {
    proxyAddr.compile(entries);
  } catch (error) {
    const message = `${(error as Error).message}; use a hop count, IP addresses, CIDR ranges, loopback, linklocal or uniquelocal`;
    throw new Error(message, { cause: error });
  }
  return entries;
}

/** The trust function Express's "trust proxy" setting and proxy-addr take. */
export function trustFunction(trust: TrustProxy): (address: string, hop: number) => boolean {
  if (trust === false) return () => false;
  if (typeof trust === "number") return (_address, hop) => hop < trust;
  return proxyAddr.compile(trust);
}

export function clientAddressBy(trust: TrustProxy): ClientAddress {
  const trusted = trustFunction(trust);
  return (request) => proxyAddr(request, trusted) || "unknown";
}
