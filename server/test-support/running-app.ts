// A real server for integration tests: the app factory with real parts,
// listening on a random loopback port, and helpers for real clients.
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { createApp, type App, type AppOptions } from "../app.js";
import { Answerer } from "../answer/answerer.js";
import { Briefer } from "../briefing/briefer.js";
import type { LlmClient } from "../answer/llm.js";
import type { Assistant } from "../assistant.js";
import { silentLogger } from "../logger.js";
import type { AnswerDonePayload, ClientToServerEvents, ServerToClientEvents } from "../protocol.js";
import { openSqliteStore } from "../store/sqlite.js";
import type { ToolStore } from "../store/types.js";
import type { CorpusIndex } from "./corpus-index.js";

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RunningApp {
  app: App;
  url: string;
  assistant: Assistant;
  store: ToolStore;
  connect(options?: { token?: string }): ChatClient;
  close(): Promise<void>;
}

export interface StartAppOptions {
  accessToken?: string;
  adminToken?: string;
  rateLimitPerMinute?: number;
  rateLimitWindowMs?: number;
  llm?: LlmClient;
  clientDir?: string;
  /** The store to use (a file store survives a restart); by default a throwaway in-memory one. */
  store?: ToolStore;
  evalReportsDir?: string;
  /** Listen on this port (a restart keeps the page's origin); 0, a free one, by default. */
  port?: number;
}

export async function startApp(corpus: CorpusIndex, options: StartAppOptions = {}): Promise<RunningApp> {
  const { llm } = options;
  const assistant: Assistant = {
    index: corpus.index, retriever: corpus.retriever, answerer: new Answerer({ retriever: corpus.retriever, llm }),
    briefer: new Briefer({ retriever: corpus.retriever, llm: llm?.settings }), ...(llm ? { llm } : {}),
  };
  const ownStore = options.store === undefined;
  const store = options.store ?? openSqliteStore(":memory:");
  const appOptions: AppOptions = {
    config: {
      accessToken: options.accessToken,
      adminToken: options.adminToken,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
    },
    assistant,
    store,
    ...(options.evalReportsDir ? { evalReportsDir: options.evalReportsDir } : {}),
    logger: silentLogger,
    rateLimitWindowMs: options.rateLimitWindowMs,
    clientDir: options.clientDir,
  };
  const app = createApp(appOptions);
  await new Promise<void>((resolve) => app.httpServer.listen(options.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  const clients: ChatClient[] = [];
  return {
    app,
    url,
    assistant,
    store,
    connect({ token } = {}) {
      const client: ChatClient = connect(url, { transports: ["websocket"], reconnectionDelay: 50, reconnectionDelayMax: 200, ...(token ? { auth: { token } } : {}) });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.disconnect();
      await app.close(2000);
      if (ownStore) await store.close();
    },
  };
}

export interface StreamedAnswer {
  id: string;
  events: string[];
  tokens: string[];
  rewritten?: string;
  done?: AnswerDonePayload;
  error?: { code: string; message: string };
}

/** Ask over the socket and collect every event for that question until done or error. */
export function askOverSocket(client: ChatClient, payload: Parameters<ClientToServerEvents["ask"]>[0], onAccepted?: (id: string) => void): Promise<StreamedAnswer> {
  return new Promise((resolve, reject) => {
    const streamed: StreamedAnswer = { id: "", events: [], tokens: [] };
    const mine = (id: string) => id === streamed.id;
    const cleanup = () => client.off("answer:start").off("answer:token").off("answer:reset").off("answer:citations").off("answer:done").off("answer:error");
    client.on("answer:start", (event) => mine(event.id) && (streamed.events.push("start"), (streamed.rewritten = event.rewritten)));
    client.on("answer:token", (event) => mine(event.id) && (streamed.events.push("token"), streamed.tokens.push(event.text)));
    client.on("answer:reset", (event) => mine(event.id) && (streamed.events.push("reset"), (streamed.tokens.length = 0)));
    client.on("answer:citations", (event) => mine(event.id) && streamed.events.push("citations"));
    client.on("answer:done", (event) => {
      if (!mine(event.id)) return;
      streamed.events.push("done");
      streamed.done = event;
      cleanup();
      resolve(streamed);
    });
    client.on("answer:error", (event) => {
      if (!mine(event.id)) return;
      streamed.events.push("error");
      streamed.error = event.error;
      cleanup();
      resolve(streamed);
    });
    client.emit("ask", payload, (ack) => {
      if (!ack.ok) {
        cleanup();
        reject(Object.assign(new Error(ack.error.message), { code: ack.error.code }));
        return;
      }
      streamed.id = ack.id;
      onAccepted?.(ack.id);
    });
  });
}

/** The acknowledgement of an ask, for payloads expected to be refused. */
export function askAck(client: ChatClient, payload: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return new Promise((resolve) => (client.emit as (event: string, ...args: unknown[]) => void)("ask", payload, resolve));
}
