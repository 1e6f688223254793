// A real server for integration tests: the app factory with real parts,
// listening on a random loopback port, and helpers for real clients.
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { createApp, type App, type AppOptions } from "../http/app.js";
import { Answerer } from "../answer/answerer.js";
import { Briefer } from "../briefing/briefer.js";
import type { LlmClient } from "../answer/llm.js";
import { answeringTools, type Assistant, type LibraryAssistant } from "../assistant.js";
import { PooledBriefer } from "../briefing/pooled-briefer.js";
import { silentLogger, type Logger } from "../logger.js";
import type { AnswerDonePayload, ClientToServerEvents, ErrorBody, ServerToClientEvents } from "../protocol.js";
import { openSqliteStore } from "../store/sqlite.js";
import type { ToolStore } from "../store/types.js";
import type { EmbedderSettings } from "../../ingest/embed.js";
import type { WorkPool } from "../work-pool.js";
import { TEST_EMBEDDER, type CorpusIndex } from "./corpus-index.js";

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RunningApp {
  app: App;
  url: string;
  assistant: Assistant;
  store: ToolStore;
  connect(options?: { token?: string }): ChatClient;
  close(): Promise<void>;
}

export interface StartOptions {
  accessToken?: string;
  /** The server's ADMIN_TOKEN: for uploads and deletes, and evaluators without rate limits. */
  adminToken?: string;
  uploadMaxBytes?: number;
  rateLimitPerMinute?: number;
  rateLimitWindowMs?: number;
  llm?: LlmClient;
  clientDir?: string;
  /** Briefings' corpus work on this worker pool, as the server does. */
  pool?: WorkPool;
  /** The embedder the corpus was built with (for the pool's workers); the test embedder by default. */
  embedder?: EmbedderSettings;
  logger?: Logger;
  /** Hosts, connection caps and the like, over the defaults of an empty environment. */
  config?: Partial<AppOptions["config"]>;
  /** Conversations, rate limits and the Socket.IO adapter (Redis); in the app's process unless given. */
  shared?: AppOptions["shared"];
  /** The store to use (a file store survives a restart); by default a throwaway in-memory one. */
  store?: ToolStore;
  evalReportsDir?: string;
  /** Listen on this port (a restart keeps the page's origin); 0, a free one, by default. */
  port?: number;
}

/** A fixed corpus, or a library assistant (then the /api/sources routes are served too). */
export async function startApp(
  corpus: CorpusIndex | LibraryAssistant,
  options: StartOptions = {},
): Promise<RunningApp> {
  const assistant: Assistant = "library" in corpus ? corpus : fixedAssistant(corpus, options);
  const sources =
    "library" in corpus
      ? {
          library: corpus.library,
          adminToken: options.adminToken,
          uploadMaxBytes: options.uploadMaxBytes ?? 20 * 1024 * 1024,
        }
      : undefined;
  const ownStore = options.store === undefined;
  const store = options.store ?? openSqliteStore(":memory:");
  const { accessToken, adminToken } = options;
  const appOptions: AppOptions = {
    sources,
    config: { accessToken, adminToken, rateLimitPerMinute: options.rateLimitPerMinute ?? 1000, ...options.config },
    assistant,
    store,
    ...(options.evalReportsDir ? { evalReportsDir: options.evalReportsDir } : {}),
    logger: options.logger ?? silentLogger,
    rateLimitWindowMs: options.rateLimitWindowMs,
    clientDir: options.clientDir,
    shared: options.shared,
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
      const client: ChatClient = connect(url, {
        transports: ["websocket"],
        reconnectionDelay: 50,
        reconnectionDelayMax: 200,
        ...(token ? { auth: { token } } : {}),
      });
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

/** An assistant over a fixed corpus, as the server builds one (briefings on `options.pool` when given). */
export function fixedAssistant(
  corpus: CorpusIndex,
  options: Pick<StartOptions, "llm" | "pool" | "embedder"> = {},
): Assistant {
  const { retriever } = corpus;
  const { llm } = options;
  const brieferOptions = { retriever, llm: llm?.settings };
  const answerer = new Answerer({ retriever, llm });
  return {
    index: corpus.index,
    retriever,
    answerer,
    briefer: options.pool
      ? new PooledBriefer(brieferOptions, options.pool, options.embedder ?? TEST_EMBEDDER)
      : new Briefer(brieferOptions),
    ...answeringTools(retriever, answerer, { llm }),
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
export function askOverSocket(
  client: ChatClient,
  payload: Parameters<ClientToServerEvents["ask"]>[0],
  onAccepted?: (id: string) => void,
): Promise<StreamedAnswer> {
  return new Promise((resolve, reject) => {
    const streamed: StreamedAnswer = { id: "", events: [], tokens: [] };
    const mine = (id: string) => id === streamed.id;
    const cleanup = () =>
      client
        .off("answer:start")
        .off("answer:token")
        .off("answer:reset")
        .off("answer:citations")
        .off("answer:done")
        .off("answer:error");
    client.on(
      "answer:start",
      (event) => mine(event.id) && (streamed.events.push("start"), (streamed.rewritten = event.rewritten)),
    );
    client.on(
      "answer:token",
      (event) => mine(event.id) && (streamed.events.push("token"), streamed.tokens.push(event.text)),
    );
    client.on(
      "answer:reset",
      (event) => mine(event.id) && (streamed.events.push("reset"), (streamed.tokens.length = 0)),
    );
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
export function askAck(client: ChatClient, payload: unknown): Promise<{ ok: boolean; error?: ErrorBody }> {
  return new Promise((resolve) =>
    (client.emit as (event: string, ...args: unknown[]) => void)("ask", payload, resolve),
  );
}
