// The client address, one way for HTTP and Socket.IO: a forged X-Forwarded-For
// changes nothing unless TRUST_PROXY names the proxy, and then both transports
// read it alike, so one client has one rate budget across ask and brief on both.
import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddressBy, parseTrustProxy } from "./client-address.js";
import { buildCorpusIndex, type CorpusIndex } from "./test-support/corpus-index.js";
import { askAck, startApp, type ChatClient, type RunningApp } from "./test-support/running-app.js";

describe("parseTrustProxy and clientAddressBy", () => {
  const request = (peer: string, forwarded: string) => {
    const socket = Object.defineProperty(new Socket(), "remoteAddress", { value: peer });
    return Object.assign(new IncomingMessage(socket), { headers: { "x-forwarded-for": forwarded } });
  };

  it("trusts nothing by default, a hop count or a list of proxies when told", () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy("1")).toBe(1);
    expect(parseTrustProxy("10.0.0.0/8, loopback")).toEqual(["10.0.0.0/8", "loopback"]);
    expect(() => parseTrustProxy("true")).toThrow(/choose its own address/);
    expect(() => parseTrustProxy("not-an-address")).toThrow(/hop count/);
  });

  it("reads X-Forwarded-For only through trusted proxies", () => {
    const viaProxy = request("10.0.0.2", "198.51.100.7, 10.0.0.9");
    const read = (trust: string | undefined) => clientAddressBy(parseTrustProxy(trust))(viaProxy);
    expect(read(undefined)).toBe("10.0.0.2");
    expect(read("10.0.0.0/8")).toBe("198.51.100.7");
    expect(read("1")).toBe("10.0.0.9"); // one hop: only the nearest proxy is believed
    expect(read("2")).toBe("198.51.100.7");
  });
});

describe("one rate budget per client address on both transports", () => {
  let corpus: CorpusIndex;
  const servers: RunningApp[] = [];
  const clients: ChatClient[] = [];
  const RATE = 2;

  beforeAll(async () => {
    corpus = await buildCorpusIndex();
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await Promise.allSettled(servers.map((server) => server.close()));
    await corpus.cleanup();
  });

  const serverWith = async (trustProxy: string | undefined) => {
    const server = await startApp(corpus, {
      rateLimitPerMinute: RATE,
      config: { trustProxy: parseTrustProxy(trustProxy) },
    });
    servers.push(server);
    const post = (route: string, forwarded: string, body: unknown) =>
      fetch(`${server.url}${route}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": forwarded },
        body: JSON.stringify(body),
      });
    const socket = (forwarded: string) => {
      const client: ChatClient = connect(server.url, {
        transports: ["websocket"],
        extraHeaders: { "x-forwarded-for": forwarded },
      });
      clients.push(client);
      return client;
    };
    return { post, socket };
  };

  it("ignores a forged X-Forwarded-For by default, even from loopback", async () => {
    const { post, socket } = await serverWith(undefined);
    expect((await post("/api/ask", "198.51.100.1", { question: "江苏有多少产业链党建联盟?" })).status).toBe(200);
    expect((await post("/api/briefings", "198.51.100.2", { topic: "产业链党建" })).status).toBe(200);
    expect((await post("/api/ask", "198.51.100.3", { question: "江苏" })).status).toBe(429);
    expect((await askAck(socket("198.51.100.4"), { question: "江苏" })).error?.code).toBe("rate_limited");
  });

  it("with TRUST_PROXY, reads the forwarded address alike over HTTP and the socket handshake", async () => {
    const { post, socket } = await serverWith("loopback");
    expect((await post("/api/ask", "198.51.100.1", { question: "江苏有多少产业链党建联盟?" })).status).toBe(200);
    expect((await askAck(socket("198.51.100.1"), { question: "江苏有多少产业链党建联盟?" })).ok).toBe(true);
    expect((await post("/api/briefings", "198.51.100.1", { topic: "产业链党建" })).status).toBe(429);
    expect((await askAck(socket("198.51.100.1"), { question: "江苏" })).error?.code).toBe("rate_limited");
    expect((await post("/api/ask", "198.51.100.2", { question: "江苏有多少产业链党建联盟?" })).status).toBe(200);
    expect((await askAck(socket("198.51.100.3"), { question: "江苏有多少产业链党建联盟?" })).ok).toBe(true);
  });
});
