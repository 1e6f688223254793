// The app factory: Express routes, Socket.IO and the static client on one
// HTTP server, built from real parts and returned without listening (only the
// entry point, server/start.ts, listens; tests listen on port 0).
import express from "express";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import path from "node:path";
import { Server } from "socket.io";
import type { EvaluatorGate } from "../admin-token.js";
import { AskService } from "../ask-service.js";
import type { Assistant } from "../assistant.js";
import { clientAddressBy, trustFunction, type ClientAddress } from "../client-address.js";
import { LIMITS, loadConfig, PROJECT_ROOT, type Config } from "../config.js";
import { limitConnections } from "../connection-limits.js";
import { EvalRuns } from "../evaluation/eval-runs.js";
import { toErrorBody, UserError } from "../errors.js";
import { hostAllowedBy } from "../host-check.js";
import type { Intake } from "../intake.js";
import { createLogger, type Logger } from "../logger.js";
import type { SourceProgressPayload } from "../protocol.js";
import { errorHandler, hostCheck, requireToken, sameOrigin, securityHeaders } from "./middleware.js";
import { askPost } from "./routes/ask-post.js";
import { briefingsPost } from "./routes/briefings-post.js";
import { documentsGet } from "./routes/documents-get.js";
import { healthGet } from "./routes/health-get.js";
import { sourcesRouter, type SourcesRouteOptions } from "./routes/sources.js";
import { savedBriefingBody, toolsRouter } from "./routes/tools-router.js";
import { memorySharedState, type SharedState } from "../shared-state.js";
import { attachSocketHandlers, type ChatServer } from "../realtime/socket.js";
import type { ToolStore } from "../store/types.js";
import { TokenGate } from "../token-gate.js";

const FLUSH_MS = 100;
const ROUTES =
  "GET /api/health, POST /api/ask, POST /api/briefings, GET /api/documents/:docId, GET|POST /api/sources, " +
  "DELETE /api/sources/:sourceId, POST /api/feedback, /api/saved-briefings, POST /api/retrieve, " +
  "/api/eval/… (see the README)";

type AppConfig = Pick<
  Config,
  | "accessToken"
  | "adminToken"
  | "rateLimitPerMinute"
  | "allowedHosts"
  | "authFailuresPerMinute"
  | "connections"
  | "trustProxy"
  | "conversationTtlMs"
>;

export interface AppOptions {
  /** What the server needs of the configuration; what is left out takes the defaults of an empty environment. */
  config: Pick<AppConfig, "accessToken" | "rateLimitPerMinute"> & Partial<AppConfig>;
  assistant: Assistant;
  /** Recorded answers, feedback and saved briefings. */
  store: ToolStore;
  /** Where eval reports are listed from and written to (eval/reports by default). */
  evalReportsDir?: string;
  /** The client's static build; omitted or missing → the API still works. */
  clientDir?: string;
  logger?: Logger;
  /** Rate-limit window (a minute; tests shorten it to see the limit recover). */
  rateLimitWindowMs?: number;
  /** Conversations, rate limits and the Socket.IO adapter; in this process unless given (Redis: server/redis/). */
  shared?: SharedState;
  /** The library (资料库) routes under /api/sources; omitted → not served. */
  sources?: Omit<SourcesRouteOptions, "logger" | "onProgress">;
}

export interface App {
  httpServer: HttpServer;
  io: ChatServer;
  /** Stop accepting, let answers in flight finish for up to `graceMs`, then close everything. */
  close(graceMs?: number): Promise<void>;
}

/** What the steps below share: built once from the options, read by the HTTP routes and the sockets alike. */
interface AppParts {
  config: AppConfig;
  shared: SharedState;
  logger: Logger;
  intake: Intake;
  tokens: TokenGate;
  asker: AskService;
  clientAddress: ClientAddress;
  hostAllowed: (request: IncomingMessage) => boolean;
}

export function createApp(options: AppOptions): App {
  let shuttingDown = false;
  const parts = appParts(options, () => shuttingDown);
  // The library's progress goes to every socket; io exists by the time an upload reports.
  const onProgress = (progress: SourceProgressPayload) => io.emit("source:progress", progress);
  const httpServer = createServer(expressApp(options, parts, onProgress));
  const io = socketServer(httpServer, parts, options.assistant);
  limitConnections(httpServer, parts.config.connections, parts.logger);
  return {
    httpServer,
    io,
    async close(graceMs = 10_000) {
      shuttingDown = true;
      await drainAndClose(httpServer, io, parts.intake, graceMs);
      // Shared state passed in belongs to the caller, who closes it after the app.
      if (!options.shared) await parts.shared.close();
    },
  };
}

function appParts(options: AppOptions, isShuttingDown: () => boolean): AppParts {
  const { logger = createLogger(), rateLimitWindowMs = 60_000 } = options;
  const config: AppConfig = { ...loadConfig({}), ...options.config };
  const shared = options.shared ?? memorySharedState({ conversationTtlMs: config.conversationTtlMs });
  const clientAddress = clientAddressBy(config.trustProxy);
  const failures = shared.limiter("auth", config.authFailuresPerMinute, rateLimitWindowMs);
  const tokens = new TokenGate({ accessToken: config.accessToken, failures, logger });
  // One budget per client for questions and briefings, over HTTP and Socket.IO alike.
  const intake: Intake = {
    limiter: shared.limiter("requests", config.rateLimitPerMinute, rateLimitWindowMs),
    clientAddress,
    inflight: new Set(),
    isShuttingDown,
  };
  const asker = new AskService({ assistant: options.assistant, answers: options.store.answers, logger });
  const hostAllowed = hostAllowedBy(config.allowedHosts);
  return { config, shared, logger, intake, tokens, asker, clientAddress, hostAllowed };
}

function expressApp(
  options: AppOptions,
  parts: AppParts,
  onProgress: (progress: SourceProgressPayload) => void,
): express.Express {
  const { assistant, store, sources, clientDir } = options;
  const { config, shared, logger, intake, asker, hostAllowed, tokens, clientAddress } = parts;
  const evalReportsDir = options.evalReportsDir ?? path.join(PROJECT_ROOT, "eval", "reports");
  const app = express();
  app.disable("x-powered-by");
  // request.ip, should anything read it, agrees with clientAddress.
  app.set("trust proxy", trustFunction(config.trustProxy));
  app.use(hostCheck(hostAllowed), securityHeaders());
  app.use("/api", requireToken(tokens, clientAddress));
  app.use("/api/saved-briefings", savedBriefingBody);
  app.use(express.json({ limit: LIMITS.httpBodyBytes }));
  app.get("/api/health", healthGet(assistant, shared, sources?.library));
  app.post("/api/ask", askPost(asker, intake, shared.conversations, logger));
  // Read at each request: the assistant moves to each new corpus version.
  const briefer = { build: (...args: Parameters<Assistant["briefer"]["build"]>) => assistant.briefer.build(...args) };
  app.post("/api/briefings", briefingsPost(briefer, intake, logger));
  app.get("/api/documents/:docId", documentsGet(assistant));
  if (sources) app.use("/api/sources", sourcesRouter({ ...sources, logger, onProgress }));
  const evaluators: EvaluatorGate = { intake, adminToken: config.adminToken };
  const evalRuns = new EvalRuns({ assistant, reportsDir: evalReportsDir, logger });
  app.use("/api", toolsRouter({ assistant, asker, store, evalRuns, evalReportsDir, evaluators, intake, logger }));
  app.use("/api", (_request, _response, next) => next(new UserError("not_found", `No such API route: ${ROUTES}.`)));
  if (clientDir && existsSync(path.join(clientDir, "index.html"))) serveClient(app, clientDir);
  app.use(errorHandler(logger));
  return app;
}

function serveClient(app: express.Express, clientDir: string): void {
  app.use(express.static(clientDir, { index: "index.html", maxAge: "1h" }));
  const notApiOrSocket = /^\/(?!api\/|socket\.io\/).*/;
  app.get(notApiOrSocket, (_request, response) => response.sendFile(path.join(clientDir, "index.html")));
}

function socketServer(httpServer: HttpServer, parts: AppParts, assistant: Assistant): ChatServer {
  const { shared, tokens, clientAddress, hostAllowed, intake, asker, logger } = parts;
  const io: ChatServer = new Server(httpServer, {
    maxHttpBufferSize: LIMITS.socketMessageBytes,
    // With REDIS_URL the streams adapter: broadcasts and recovery sessions reach every process.
    adapter: shared.socketAdapter,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    // CORS stays closed: browsers on other origins are refused, WebSocket included; so are unknown host names.
    allowRequest: (request, callback) => callback(null, hostAllowed(request) && sameOrigin(request)),
  });
  if (tokens.enabled) {
    io.use((socket, next) => {
      tokens.check(socket.handshake.auth?.token, clientAddress(socket.request), "socket").then(
        () => next(),
        (error: unknown) => {
          // connect_error's message is the code ("unauthorized", "rate_limited"); data carries the wait.
          const body = toErrorBody(error);
          next(Object.assign(new Error(body.code), { data: body }));
        },
      );
    });
  }
  attachSocketHandlers(io, {
    intake,
    conversations: shared.conversations,
    // The asker and these getters read the assistant at each request: it moves to each new corpus version.
    asker,
    get briefer() {
      return assistant.briefer;
    },
    logger,
  });
  return io;
}

/** Stop accepting, let answers in flight finish for up to `graceMs`, then close the sockets and the server. */
async function drainAndClose(httpServer: HttpServer, io: ChatServer, intake: Intake, graceMs: number): Promise<void> {
  const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  const grace = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
  await Promise.race([Promise.allSettled([...intake.inflight]), grace]);
  // Let the last answer:done frames reach the wire before the sockets close.
  await new Promise((resolve) => setTimeout(resolve, FLUSH_MS));
  await io.close(); // disconnects sockets (aborting what still runs) and closes the HTTP server
  httpServer.closeAllConnections();
  await stopped;
}
