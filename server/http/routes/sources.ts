// The library (资料库) over HTTP: GET /api/sources lists every source (seed
// pages and uploads), GET /api/sources/:sourceId one with its articles, POST
// /api/sources adds uploaded files (201 once they are searchable), DELETE
// /api/sources/:sourceId removes one. With ADMIN_TOKEN set, POST and DELETE
// need it in X-Admin-Token (checked before the body is read); reading needs
// only what the rest of the API needs (ACCESS_TOKEN, when set).
import { Router, type RequestHandler } from "express";
import type { CorpusStore } from "../../../ingest/corpus-store.js";
import { IngestError, type IngestErrorCode } from "../../../ingest/errors.js";
import type { SearchIndex } from "../../../ingest/search-index.js";
import { tokenMatches } from "../../auth.js";
import { UserError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type {
  ErrorCode,
  SourceDeletedResponseBody,
  SourceProgressPayload,
  SourceResponseBody,
  SourcesAddedResponseBody,
  SourcesResponseBody,
} from "../../protocol.js";
import { readUploadedFiles } from "./upload-body.js";

export interface SourcesRouteOptions {
  library: CorpusStore<SearchIndex>;
  adminToken?: string;
  uploadMaxBytes: number;
  logger: Logger;
  onProgress: (progress: SourceProgressPayload) => void;
}

const MAX_FILES_PER_UPLOAD = 20;
const SOURCE_ID = /^[\w.-]{1,120}$/;

/** What the user sees for each ingest failure; the rest are internal. */
const USER_CODES: Partial<Record<IngestErrorCode, ErrorCode>> = {
  unsupported_format: "unsupported_format",
  empty_document: "empty_document",
  not_text: "not_text",
  encoding: "encoding",
  corrupt_document: "corrupt_document",
  duplicate_source: "duplicate_source",
  source_not_found: "not_found",
  index_busy: "index_busy",
  embedder_unavailable: "index_busy",
};

export function sourcesRouter(options: SourcesRouteOptions): Router {
  const router = Router();
  const admin = requireAdmin(options.adminToken);
  router.get("/", (_request, response) => {
    const body: SourcesResponseBody = { sources: options.library.list() };
    response.json(body);
  });
  router.get("/:sourceId", (request, response, next) => {
    const sourceId = String(request.params.sourceId ?? "");
    const source = options.library.list().find((candidate) => candidate.sourceId === sourceId);
    if (!source) return next(notFound(sourceId));
    const articles = options.library.current().articles.filter((article) => article.sourceId === sourceId);
    const body: SourceResponseBody = {
      source,
      articles: articles.map(({ docId, title, author }) => ({ docId, title, ...(author ? { author } : {}) })),
    };
    response.json(body);
  });
  router.post("/", admin, async (request, response, next) => {
    try {
      const files = await readUploadedFiles(request, {
        maxFileBytes: options.uploadMaxBytes,
        maxFiles: MAX_FILES_PER_UPLOAD,
      });
      const started = performance.now();
      const added = await options.library.add(files, options.onProgress).catch(toUserError);
      options.logger.info("sources_added", {
        files: files.length,
        articles: added.reduce((sum, source) => sum + source.articles.length, 0),
        ms: Math.round(performance.now() - started),
      });
      const body: SourcesAddedResponseBody = { sources: added };
      response.status(201).json(body);
    } catch (error) {
      // The rest of a refused body is not read: close the connection after answering.
      if (!request.complete) response.setHeader("Connection", "close");
      next(error);
    }
  });
  router.delete("/:sourceId", admin, async (request, response, next) => {
    try {
      const sourceId = String(request.params.sourceId ?? "");
      if (!SOURCE_ID.test(sourceId)) throw notFound(sourceId);
      const deleted = await options.library.remove(sourceId).catch(toUserError);
      options.logger.info("source_deleted", { sourceId });
      const body: SourceDeletedResponseBody = { deleted };
      response.json(body);
    } catch (error) {
      next(error);
    }
  });
  return router;
}

function requireAdmin(adminToken: string | undefined): RequestHandler {
  return (request, _response, next) => {
    if (!adminToken || tokenMatches(request.headers["x-admin-token"], adminToken)) return next();
    next(
      new UserError(
        "forbidden",
        "Adding and deleting sources needs the admin token: send X-Admin-Token: <ADMIN_TOKEN>. 上传和删除资料需要管理员令牌。",
      ),
    );
  };
}

function notFound(sourceId: string): UserError {
  return new UserError(
    "not_found",
    `No source "${sourceId.slice(0, 120)}". GET /api/sources lists the sources and their ids.`,
  );
}

function toUserError(error: unknown): never {
  const code = error instanceof IngestError ? USER_CODES[error.code] : undefined;
  if (code && error instanceof Error) throw new UserError(code, error.message);
  throw error;
}
