// The contract between the server and its clients, for Socket.IO and HTTP.
// The web client imports it with `import type`; change it only together with
// both sides and the README ("Routes and events").
import type { Article } from "../ingest/article.js";
import type { AnswerPlan, AnswerResult, AnswerTable, ChatTurn, Citation, Coverage } from "./answer/types.js";
import type {
  Briefing,
  BriefingFigure,
  BriefingPoint,
  BriefingRequest,
  BriefingResult,
  BriefingScope,
} from "./briefing/types.js";
import type { Comparison } from "./evaluation/compare.js";
import type { Scope } from "./retrieval/scope-type.js";
import type {
  Feedback,
  FeedbackReason,
  Rating,
  SavedBriefing,
  SavedBriefingPoint,
  SavedBriefingSummary,
} from "./store/types.js";

export type {
  AnswerPlan,
  AnswerResult,
  AnswerTable,
  ChatTurn,
  Citation,
  Coverage,
  Feedback,
  FeedbackReason,
  Rating,
  Scope,
};
export type { SavedBriefing, SavedBriefingPoint, SavedBriefingSummary };
export type { Briefing, BriefingFigure, BriefingPoint, BriefingRequest, BriefingResult, BriefingScope };

/** Stable error codes; the message says what to do. */
export type ErrorCode =
  | "bad_request" // malformed payload or JSON
  | "question_too_long"
  | "payload_too_large"
  | "rate_limited"
  | "unauthorized"
  | "not_found"
  | "conflict" // e.g. an eval run while another is in progress
  | "cancelled"
  | "shutting_down"
  | "host_not_allowed" // the Host header names no configured host (DNS rebinding)
  | "busy" // too many connections, or the work queue is full
  | "timed_out" // the work took longer than its time budget
  | "unavailable" // a service the server needs (Redis) is unreachable; try again shortly
  // sources (the 资料库): uploads the library cannot take, and who may change it
  | "unsupported_format"
  | "empty_document"
  | "not_text" // binary, or a scanned PDF page without a text layer
  | "encoding" // text in an encoding other than UTF-8 / UTF-16 / GB18030
  | "corrupt_document"
  | "duplicate_source"
  | "forbidden" // upload and delete need ADMIN_TOKEN
  | "index_busy"
  | "internal";

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** With rate_limited, and busy from a full work queue: how long to wait before asking again. */
  retryAfterMs?: number;
}

// ---- HTTP ----

/** POST /api/ask */
export interface AskRequestBody {
  question: string;
  /** Groups follow-up questions, as over Socket.IO: the server keeps each conversation's recent turns. */
  conversationId?: string;
  history?: ChatTurn[];
  /** Answer only from these articles (a province, one article, chosen sources). */
  scope?: Scope;
}

/**
 * An answer as the server gives it (HTTP and socket, offline and LLM): the
 * answerer's result and the id that feedback, "add to briefing" and the
 * follow-up suggestions name it by.
 */
export type RecordedAnswerResult = AnswerResult & {
  answerId: string;
  /** The scope it was answered within, when one was given. */
  scope?: Scope;
};
export type AskResponseBody = RecordedAnswerResult;

/**
 * POST /api/briefings: `{topic (≤ 200 characters), scope?: {province?, docId?}}` → a briefing or `{refused: true,
 * message}`.
 */
export type BriefingRequestBody = BriefingRequest;
export type BriefingResponseBody = BriefingResult;

/** GET /api/answers/:answerId/follow-ups: questions to ask next, each one the corpus answers. */
export interface FollowUps {
  answerId: string;
  followUps: string[];
  /** Written by the model (LLM answers), or built from the cited articles and checked offline. */
  from: "model" | "offline";
}

/** POST /api/feedback `{answerId, rating: "up"|"down", reason?, comment?}` → the stored feedback. */
export interface FeedbackRequestBody {
  answerId: string;
  rating: Rating;
  reason?: FeedbackReason;
  comment?: string;
}
export interface FeedbackResponseBody {
  feedback: Feedback;
}
/** GET /api/feedback?answerId=…&answerId=… */
export interface FeedbackListResponseBody {
  feedback: Feedback[];
}

/**
 * Saved briefings: GET /api/saved-briefings → {briefings: summaries}; POST {topic, scope?, briefing} → 201;
 * GET/PUT {title?, points: [{id, text}]}/DELETE /api/saved-briefings/:id; POST /api/saved-briefings/:id/points
 * {answerId} adds a chat answer as a point.
 */
export interface SavedBriefingCreateBody {
  topic: string;
  scope?: Scope;
  briefing: Briefing;
}
export interface SavedBriefingEditBody {
  title?: string;
  points: Array<{ id: string; text: string }>;
}
export interface SavedBriefingResponseBody {
  briefing: SavedBriefing;
}
export interface SavedBriefingListResponseBody {
  briefings: SavedBriefingSummary[];
}

/** GET /api/scope-options: provinces and source files a scope can name. */
export interface ScopeOptionsResponseBody {
  provinces: Array<{ province: string; articles: number }>;
  /** `source` is what `scope.sources` names; `sourceName` is the name to show. */
  sources: Array<{ source: string; sourceId: string; sourceName: string; title: string; articles: number }>;
}

/** POST /api/retrieve `{question, scope?}`: the retrieval check (检索测试). */
export interface RetrieveRequestBody {
  question: string;
  scope?: Scope;
}
export interface RetrievedPassage {
  /** Position after fusion, from 1. */
  rank: number;
  chunkId: string;
  docId: string;
  title: string;
  source: string;
  /** The source's readable name (a file name, or the title of a page known by its code). */
  sourceName: string;
  text: string;
  start: number;
  end: number;
  /** Weighted reciprocal-rank fusion of the two lists below. */
  fused: { score: number; rank: number };
  /** BM25 over jieba words; null when this chunk was not in the BM25 top candidates. */
  bm25: { score: number; rank: number } | null;
  /** Cosine similarity of the embeddings (HNSW); null when not in the vector top candidates. */
  vector: { similarity: number; rank: number } | null;
  /** Numbers of the answer's citations that quote from this chunk. */
  cited: number[];
}
/** What the answerer planned: its intent, the slots it checks, the text of each sub-query. */
export interface RetrievalPlan {
  intent: string;
  slots?: Record<string, unknown>;
  subQueries?: string[];
}
export interface RetrievalCheckResponseBody {
  question: string;
  rewritten?: string;
  scope?: Scope;
  plan?: RetrievalPlan;
  /** Each text the answerer searched with (the question, or its rewrite and sub-queries), with its ranked passages. */
  queries: Array<{ query: string; passages: RetrievedPassage[] }>;
  /** The passages the answer cited: the chosen evidence. */
  evidence: Citation[];
  answer: { text: string; refused: boolean; coverage: Coverage; mode: "llm" | "extractive" };
  timings: { answerMs: number };
}

/** The headline numbers of one split of an eval run. */
export interface EvalSplitNumbers {
  questions: number;
  answerAccuracy: number | null;
  citationAccuracy: number | null;
  recallAt5: number | null;
  refusalRecall: number | null;
  refusalPrecision: number | null;
  latencyP50: number | null;
}
/** GET /api/eval/reports → {reports}, newest first; GET /api/eval/reports/:name → the HTML report. */
export interface EvalReportSummary {
  /** The report's file stem in eval/reports/. */
  name: string;
  createdAt: string;
  mode: "llm" | "extractive";
  split: string;
  questionsFile?: string;
  malformedLines: number;
  splits: Record<string, EvalSplitNumbers>;
}
export interface EvalReportListResponseBody {
  reports: EvalReportSummary[];
}
/** GET /api/eval/compare?before=NAME&after=NAME (server/evaluation/compare.ts). */
export interface EvalComparisonResponseBody {
  before: string;
  after: string;
  comparison: Comparison;
  /** The same comparison as `npm run eval -- --compare` prints it. */
  text: string;
}
/** POST /api/eval/runs (the JSONL question file as the body) → 202; GET /api/eval/runs/:runId → progress. */
export interface EvalRunStatus {
  runId: string;
  file: string;
  status: "running" | "done" | "failed";
  done: number;
  total: number;
  startedAt: string;
  /** The report's name once written (open it with GET /api/eval/reports/:name). */
  report?: string;
  error?: string;
}

/** GET /api/health: 200 with status "ok"; 503 with status "unavailable" (and an error) while a dependency is down. */
export interface HealthResponseBody {
  status: "ok" | "unavailable";
  mode: "llm" | "extractive";
  /** retrieval "hybrid" (vectors and BM25) or "lexical" (built without vectors: LOCAL_VECTOR_LIMIT). */
  index: { articles: number; chunks: number; builtAt: string; embedder: string; retrieval: "hybrid" | "lexical" };
  /** Where the corpus is read from. */
  store: { kind: "local" | "postgres"; state: "ready" | "down" };
  /** What server processes share (conversations, rate limits, Socket.IO): this process only, or Redis. */
  adapter: { kind: "memory" | "redis-streams"; state: "ready" | "down" };
  /** The process that answered (several serve one address with WORKERS or behind a proxy). */
  pid: number;
  error?: ErrorBody;
}

/** GET /api/documents/:docId: the cleaned article as indexed (title, author, section, text, paragraph offsets…). */
export type DocumentResponseBody = Article;

/** A source in the library (GET /api/sources): a seed page or an upload. */
export interface SourceSummary {
  /** The prefix of its articles' docIds (`<sourceId>-a01`). */
  sourceId: string;
  /** File name as given (any characters). */
  name: string;
  title?: string;
  format: "txt" | "md" | "pdf" | "docx" | "html";
  bytes: number;
  articles: number;
  addedAt: string;
  origin: "seed" | "upload";
  /** Text files: the encoding they were read in ("utf-8", "gb18030"…). */
  encoding?: string;
  status: "ready" | "indexing";
}

/** GET /api/sources */
export interface SourcesResponseBody {
  sources: SourceSummary[];
}

/** POST /api/sources (multipart, one or more `file` fields) → 201 once searchable. */
export interface SourcesAddedResponseBody {
  sources: Array<Omit<SourceSummary, "articles"> & { articles: Array<{ docId: string; title: string }> }>;
}

/** GET /api/sources/:sourceId: one source and its articles (for the source viewer). */
export interface SourceResponseBody {
  source: SourceSummary;
  articles: Array<{ docId: string; title: string; author?: string }>;
}

/** DELETE /api/sources/:sourceId → 200 */
export interface SourceDeletedResponseBody {
  deleted: SourceSummary;
}

/** Server → client while an upload is indexed; `stage` "ready" once it is searchable. */
export interface SourceProgressPayload {
  sourceId: string;
  name: string;
  stage: "parse" | "embed" | "index" | "ready";
  done: number;
  total: number;
}

/** Every HTTP error: `{ "error": { "code", "message" } }` */
export interface ErrorResponseBody {
  error: ErrorBody;
}

// ---- Socket.IO ----

export interface AskPayload {
  question: string;
  /** Groups follow-up questions; the server keeps each conversation's recent turns. */
  conversationId?: string;
  /** Earlier turns, for a conversation the server does not know (e.g. after a page reload). */
  history?: ChatTurn[];
  scope?: Scope;
}

export type AskAck = { ok: true; id: string } | { ok: false; error: ErrorBody };

export interface ClientToServerEvents {
  ask: (payload: AskPayload, ack: (response: AskAck) => void) => void;
  /** A briefing on a topic; streamed as briefing:* events. `cancel` stops it too. */
  brief: (payload: BriefingRequest, ack: (response: AskAck) => void) => void;
  cancel: (payload: { id: string }) => void;
}

export type BriefingDonePayload = BriefingResult & { id: string };

export type AnswerDonePayload = RecordedAnswerResult & { id: string };

export interface ServerToClientEvents {
  "answer:start": (payload: { id: string; rewritten?: string }) => void;
  /** Answer text deltas, in order. */
  "answer:token": (payload: { id: string; text: string }) => void;
  /** Drop the tokens received so far: the model failed and the fallback answer starts over. */
  "answer:reset": (payload: { id: string }) => void;
  "answer:citations": (payload: { id: string; citations: Citation[] }) => void;
  "answer:done": (payload: AnswerDonePayload) => void;
  "answer:error": (payload: { id: string; error: ErrorBody }) => void;
  "briefing:start": (payload: { id: string; title: string }) => void;
  /** One key point as soon as it is ready and checked, with the citations it adds (numbers are final). */
  "briefing:point": (payload: { id: string; index: number; point: BriefingPoint; citations: Citation[] }) => void;
  /** Drop the points received so far: the model failed and the fallback briefing starts over. */
  "briefing:reset": (payload: { id: string }) => void;
  "briefing:done": (payload: BriefingDonePayload) => void;
  "briefing:error": (payload: { id: string; error: ErrorBody }) => void;
  /** An upload being indexed (sent to every client, so open 资料库 views follow along). */
  "source:progress": (payload: SourceProgressPayload) => void;
  /** A message the server could not take (unknown event, `ask` without an acknowledgement callback). */
  "request:error": (payload: { event: string; error: ErrorBody }) => void;
}

/** Limits the server enforces (one table, server/limits.ts), shared so the client can check before sending. */
export { LIMITS } from "./limits.js";
