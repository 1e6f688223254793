// Caps on open connections, in total and per client address: 2,000 idle
// sockets from one address used to exhaust the file descriptors (at the
// common `ulimit -n 1024`) and /api/health then failed for everyone (issue
// 14). A connection over a cap gets a plain 503 JSON answer and is closed
// before the HTTP parser or Socket.IO sees it.
import type { Server as HttpServer } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "./logger.js";
import { SlidingWindow } from "./rate-limit.js";

export interface ConnectionCaps {
  total: number;
  perAddress: number;
}

const REFUSED_BODY = JSON.stringify({
  error: { code: "busy", message: "连接数已达上限，请稍后再试。Too many open connections; try again shortly." },
});
const REFUSED =
  "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n" +
  `Content-Length: ${Buffer.byteLength(REFUSED_BODY)}\r\nRetry-After: 5\r\nConnection: close\r\n\r\n${REFUSED_BODY}`;
/** A refused client that does not close its side is dropped after this long. */
const REFUSED_LINGER_MS = 1000;

/** Wraps the server's connection listeners (HTTP, and through it Socket.IO) behind the caps. */
export function limitConnections(server: HttpServer, caps: ConnectionCaps, logger: Logger): { open: () => number } {
  const accept = server.listeners("connection") as Array<(socket: Socket) => void>;
  server.removeAllListeners("connection");
  const perAddress = new Map<string, number>();
  const logged = new SlidingWindow(1, 10_000);
  let total = 0;
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const mine = perAddress.get(address) ?? 0;
    if (total >= caps.total || mine >= caps.perAddress) {
      if (logged.take(address) === 0) logger.warn("connection_refused", { address, open: total, fromAddress: mine });
      socket.on("error", () => undefined);
      socket.end(REFUSED);
      setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
      return;
    }
    total++;
    perAddress.set(address, mine + 1);
    socket.once("close", () => {
      total--;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
    for (const listener of accept) listener.call(server, socket);
  });
  return { open: () => total };
}
