// The app factory: Express routes, Socket.IO and the static client on one
// HTTP server, built from real parts and returned without listening (only the
// entry point, server/start.ts, listens; tests listen on port 0).
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import helmet from "helmet";
import { createHash, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import path from "node:path";
import { Server } from "socket.io";
import type { EvaluatorGate } from "./admin-token.js";
import { AskService } from "./ask-service.js";
import type { Assistant } from "./assistant.js";
import { PROJECT_ROOT, type Config } from "./config.js";
import { EvalRuns } from "./evaluation/eval-runs.js";
import { statusOf, toErrorBody, UserError } from "./errors.js";
import { createLogger, type Logger } from "./logger.js";
import { LIMITS } from "./protocol.js";
import { RateLimiter } from "./rate-limit.js";
import { askPost } from "./routes/ask-post.js";
import { briefingsPost } from "./routes/briefings-post.js";
import { documentsGet } from "./routes/documents-get.js";
import { evalCompareGet } from "./routes/eval-compare-get.js";
import { evalReportGet, evalReportsGet } from "./routes/eval-reports-get.js";
import { evalRunsGet } from "./routes/eval-runs-get.js";
import { evalRunsPost } from "./routes/eval-runs-post.js";
import { feedbackDraftsGet } from "./routes/feedback-drafts-get.js";
import { feedbackGet } from "./routes/feedback-get.js";
import { feedbackPost } from "./routes/feedback-post.js";
import { followUpsGet } from "./routes/follow-ups-get.js";
import { healthGet } from "./routes/health-get.js";
import { retrievePost } from "./routes/retrieve-post.js";
import { savedBriefingPointsPost } from "./routes/saved-briefing-points-post.js";
import { savedBriefingsDelete } from "./routes/saved-briefings-delete.js";
import { savedBriefingGet, savedBriefingsList } from "./routes/saved-briefings-get.js";
import { savedBriefingsPost } from "./routes/saved-briefings-post.js";
import { savedBriefingsPut } from "./routes/saved-briefings-put.js";
import { scopeOptionsGet } from "./routes/scope-options-get.js";
import { attachSocketHandlers, type ChatServer } from "./socket.js";
import type { ToolStore } from "./store/types.js";

const FLUSH_MS = 100;

export interface AppOptions {
  config: Pick<Config, "accessToken" | "rateLimitPerMinute" | "adminToken">;
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
}

export interface App {
  httpServer: HttpServer;
  io: ChatServer;
  /** Stop accepting, let answers in flight finish for up to `graceMs`, then close everything. */
  close(graceMs?: number): Promise<void>;
}

export function createApp(options: AppOptions): App {
  const { config, assistant, store, clientDir, logger = createLogger(), rateLimitWindowMs = 60_000 } = options;
  const evalReportsDir = options.evalReportsDir ?? path.join(PROJECT_ROOT, "eval", "reports");
  let shuttingDown = false;
  const isShuttingDown = () => shuttingDown;
  const inflight = new Set<Promise<unknown>>();
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          "default-src": ["'self'"],
          "connect-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "style-src": ["'self'"],
          "script-src": ["'self'"],
          // Plain http on a LAN must keep working: no forced https upgrade.
          "upgrade-insecure-requests": null,
        },
      },
      // Served over plain http by default; HSTS belongs on the TLS proxy in front, if any.
      strictTransportSecurity: false,
    }),
  );
  app.use("/api", requireToken(config.accessToken));
  app.use(express.json({ limit: LIMITS.httpBodyBytes }));
  app.get("/api/health", healthGet(assistant));
  const asker = new AskService({ ...assistant, answers: store.answers, logger });
  const newLimiter = () => new RateLimiter(config.rateLimitPerMinute, rateLimitWindowMs);
  const evaluators: EvaluatorGate = { limiter: newLimiter(), adminToken: config.adminToken, isShuttingDown };
  const evalRuns = new EvalRuns({ index: assistant.index, reportsDir: evalReportsDir, logger });
  app.post("/api/ask", askPost(asker, new RateLimiter(config.rateLimitPerMinute, rateLimitWindowMs), logger, isShuttingDown));
  // An assistant opened without one (older callers) still briefs, offline.
  const { briefer } = assistant;
  app.post("/api/briefings", briefingsPost(briefer, new RateLimiter(config.rateLimitPerMinute, rateLimitWindowMs), logger, isShuttingDown));
  app.get("/api/documents/:docId", documentsGet(assistant));
  app.get("/api/scope-options", scopeOptionsGet(assistant.index));
  app.get("/api/answers/:answerId/follow-ups", followUpsGet(asker, newLimiter(), isShuttingDown));
  app.post("/api/feedback", feedbackPost(store.feedback, newLimiter(), isShuttingDown));
  app.get("/api/feedback", feedbackGet(store.feedback));
  app.get("/api/feedback/drafts.jsonl", feedbackDraftsGet(store.feedback));
  app.get("/api/saved-briefings", savedBriefingsList(store.briefings));
  app.post("/api/saved-briefings", savedBriefingsPost(store.briefings, assistant.index.articleById));
  app.get("/api/saved-briefings/:id", savedBriefingGet(store.briefings));
  app.put("/api/saved-briefings/:id", savedBriefingsPut(store.briefings));
  app.delete("/api/saved-briefings/:id", savedBriefingsDelete(store.briefings));
  app.post("/api/saved-briefings/:id/points", savedBriefingPointsPost(store.briefings, store.answers));
  app.post("/api/retrieve", retrievePost(asker, assistant.index, evaluators, logger));
  app.get("/api/eval/reports", evalReportsGet(evalReportsDir));
  app.get("/api/eval/reports/:name", evalReportGet(evalReportsDir));
  app.get("/api/eval/compare", evalCompareGet(evalReportsDir));
  app.post("/api/eval/runs", ...evalRunsPost(evalRuns, evaluators));
  app.get("/api/eval/runs/:runId", evalRunsGet(evalRuns));
  const routes =
    "GET /api/health, POST /api/ask, POST /api/briefings, GET /api/documents/:docId, POST /api/feedback, " +
    "/api/saved-briefings, POST /api/retrieve, /api/eval/… (see the README)";
  const unknownRoute = () => new UserError("not_found", `No such API route. Routes: ${routes}.`);
  app.use("/api", (_request, _response, next) => next(unknownRoute()));
  if (clientDir && existsSync(path.join(clientDir, "index.html"))) {
    app.use(express.static(clientDir, { index: "index.html", maxAge: "1h" }));
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_request, response) => response.sendFile(path.join(clientDir, "index.html")));
  }
  app.use(errorHandler(logger));

  const httpServer = createServer(app);
  const io: ChatServer = new Server(httpServer, {
    maxHttpBufferSize: LIMITS.socketMessageBytes,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    // CORS stays closed: browsers on other origins are refused, WebSocket included.
    allowRequest: (request, callback) => callback(null, sameOrigin(request)),
  });
  if (config.accessToken) {
    const token = config.accessToken;
    io.use((socket, next) => (tokenMatches(socket.handshake.auth?.token, token) ? next() : next(new Error("unauthorized"))));
  }
  const rate = config.rateLimitPerMinute;
  const limiter = () => new RateLimiter(rate, rateLimitWindowMs);
  attachSocketHandlers(io, { asker, briefer, logger, perConnection: limiter(), perAddress: limiter(), inflight, isShuttingDown });

  return {
    httpServer,
    io,
    async close(graceMs = 10_000) {
      shuttingDown = true;
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      const settled = Promise.allSettled([...inflight, evalRuns.idle()]);
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      // Let the last answer:done frames reach the wire before the sockets close.
      await new Promise((resolve) => setTimeout(resolve, FLUSH_MS));
      await io.close(); // disconnects sockets (aborting what still runs) and closes the HTTP server
      httpServer.closeAllConnections();
      await stopped;
    },
  };
}

function requireToken(accessToken: string | undefined): RequestHandler {
  return (request, _response, next) => {
    if (!accessToken) return next();
    const header = request.headers.authorization ?? "";
    const token = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
    if (tokenMatches(token, accessToken)) return next();
    next(new UserError("unauthorized", "This server needs an access token: send Authorization: Bearer <ACCESS_TOKEN>. 需要访问令牌。"));
  };
}

/** Constant-time comparison of fixed-length digests, so timing reveals nothing about the token. */
function tokenMatches(candidate: unknown, expected: string): boolean {
  if (typeof candidate !== "string" || candidate === "") return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(candidate), digest(expected));
}

function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // not a browser (CLI, tests, server-to-server)
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _request, response, _next) => {
    let failure = error;
    // body-parser's own errors: a body too large or not JSON.
    if (error?.type === "entity.too.large") failure = new UserError("payload_too_large", `The request body is larger than ${LIMITS.httpBodyBytes} bytes. 请求过大。`);
    else if (error?.type === "entity.parse.failed") failure = new UserError("bad_request", 'The body is not valid JSON. Send {"question": "…"} with Content-Type: application/json.');
    else if (error?.type && typeof error.status === "number" && error.status < 500) failure = new UserError("bad_request", "The request body could not be read. Send UTF-8 JSON.");
    const body = toErrorBody(failure);
    if (body.code === "internal") logger.error("request_failed", { message: error instanceof Error ? error.message : String(error) });
    if (!response.headersSent) response.status(statusOf(body.code)).json({ error: body });
  };
}
