// A one-address TCP relay standing in for a load balancer in tests: clients
// connect to it, it forwards to the current target server, and it can move to
// another target and cut every open connection (a network drop, or the server
// behind it going away), so a client reconnects to the other server.
import { createServer, connect, type Socket } from "node:net";

export interface TcpSwitch {
  url: string;
  /** Send new connections to `targetUrl` and drop the open ones. */
  switchTo(targetUrl: string): void;
  close(): Promise<void>;
}

export async function startTcpSwitch(targetUrl: string): Promise<TcpSwitch> {
  let target = new URL(targetUrl);
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("error", () => socket.destroy());
      socket.on("close", () => open.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const dropAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    switchTo(next) {
      target = new URL(next);
      dropAll();
    },
    close: () => {
      dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
