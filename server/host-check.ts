// DNS rebinding: a page on attacker.example that re-points its name at
// 127.0.0.1 reaches this server with `Host: attacker.example` and, being
// same-origin to itself, passes the Origin check. Only requests naming one of
// the configured hosts (ALLOWED_HOSTS; loopback names by default) are served,
// over HTTP and in the Socket.IO handshake.
import type { IncomingMessage } from "node:http";

/** The host name of a Host header, lower-cased, without port or IPv6 brackets; undefined when malformed. */
export function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value = header.trim().toLowerCase();
  if (value.startsWith("[")) {
    const end = value.indexOf("]");
    return end > 1 ? value.slice(1, end) : undefined;
  }
  const colon = value.indexOf(":");
  const name = colon === -1 ? value : value.slice(0, colon);
  return name.replace(/\.$/, "") || undefined;
}

export function hostAllowedBy(allowedHosts: readonly string[]): (request: IncomingMessage) => boolean {
  const allowed = new Set(allowedHosts.map((host) => host.toLowerCase().replace(/^\[|\]$/g, "")));
  return (request) => {
    const name = hostName(request.headers.host);
    return name !== undefined && allowed.has(name);
  };
}

export const HOST_NOT_ALLOWED =
  "This server does not answer to that host name. Set ALLOWED_HOSTS to the names it is reached by. 不允许的访问地址。";
