// HTTP calls of the user tools: feedback, follow-ups, scope options, saved
// briefings, the retrieval check and eval runs. Shapes come from the shared
// protocol; errors are ApiError / UnauthorizedError from api.ts.
import type {
  Briefing,
  EvalComparisonResponseBody,
  EvalReportListResponseBody,
  EvalRunStatus,
  Feedback,
  FeedbackListResponseBody,
  FeedbackRequestBody,
  FeedbackResponseBody,
  FollowUps,
  RetrievalCheckResponseBody,
  RetrieveRequestBody,
  SavedBriefing,
  SavedBriefingCreateBody,
  SavedBriefingEditBody,
  SavedBriefingListResponseBody,
  SavedBriefingResponseBody,
  SavedBriefingSummary,
  Scope,
  ScopeOptionsResponseBody,
} from "../../../server/protocol.js";
import { requestJson } from "./api.js";

type Token = string | undefined;
const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});
/** Evaluators with the server's ADMIN_TOKEN send it to skip the rate limit. */
const adminHeaders = (adminToken: string | undefined): Record<string, string> =>
  adminToken ? { "X-Admin-Token": adminToken } : {};

export async function sendFeedback(body: FeedbackRequestBody, token: Token): Promise<Feedback> {
  return (await requestJson<FeedbackResponseBody>("/api/feedback", token, json("POST", body))).feedback;
}

export async function fetchFeedback(answerIds: string[], token: Token, signal?: AbortSignal): Promise<Feedback[]> {
  if (answerIds.length === 0) return [];
  const query = answerIds.map((id) => `answerId=${encodeURIComponent(id)}`).join("&");
  return (await requestJson<FeedbackListResponseBody>(`/api/feedback?${query}`, token, { signal })).feedback;
}

export function fetchFollowUps(answerId: string, token: Token, signal?: AbortSignal): Promise<FollowUps> {
  return requestJson<FollowUps>(`/api/answers/${encodeURIComponent(answerId)}/follow-ups`, token, { signal });
}

export function fetchScopeOptions(token: Token, signal?: AbortSignal): Promise<ScopeOptionsResponseBody> {
  return requestJson<ScopeOptionsResponseBody>("/api/scope-options", token, { signal });
}

export async function listSavedBriefings(token: Token, signal?: AbortSignal): Promise<SavedBriefingSummary[]> {
  return (await requestJson<SavedBriefingListResponseBody>("/api/saved-briefings", token, { signal })).briefings;
}

export async function fetchSavedBriefing(id: string, token: Token): Promise<SavedBriefing> {
  return (await requestJson<SavedBriefingResponseBody>(`/api/saved-briefings/${encodeURIComponent(id)}`, token))
    .briefing;
}

export async function saveBriefing(
  topic: string,
  scope: Scope | undefined,
  briefing: Briefing,
  token: Token,
): Promise<SavedBriefing> {
  const body: SavedBriefingCreateBody = { topic, ...(scope ? { scope } : {}), briefing };
  return (await requestJson<SavedBriefingResponseBody>("/api/saved-briefings", token, json("POST", body))).briefing;
}

export async function editSavedBriefing(id: string, edit: SavedBriefingEditBody, token: Token): Promise<SavedBriefing> {
  return (
    await requestJson<SavedBriefingResponseBody>(
      `/api/saved-briefings/${encodeURIComponent(id)}`,
      token,
      json("PUT", edit),
    )
  ).briefing;
}

export async function deleteSavedBriefing(id: string, token: Token): Promise<void> {
  await requestJson<undefined>(`/api/saved-briefings/${encodeURIComponent(id)}`, token, { method: "DELETE" });
}

export async function addAnswerToBriefing(id: string, answerId: string, token: Token): Promise<SavedBriefing> {
  const path = `/api/saved-briefings/${encodeURIComponent(id)}/points`;
  return (await requestJson<SavedBriefingResponseBody>(path, token, json("POST", { answerId }))).briefing;
}

export function checkRetrieval(
  question: string,
  scope: Scope | undefined,
  token: Token,
  adminToken?: string,
): Promise<RetrievalCheckResponseBody> {
  const body: RetrieveRequestBody = { question, ...(scope ? { scope } : {}) };
  const init = json("POST", body);
  return requestJson<RetrievalCheckResponseBody>("/api/retrieve", token, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...adminHeaders(adminToken) },
  });
}

export async function listEvalReports(
  token: Token,
  signal?: AbortSignal,
): Promise<EvalReportListResponseBody["reports"]> {
  return (await requestJson<EvalReportListResponseBody>("/api/eval/reports", token, { signal })).reports;
}

export function compareEvalReports(before: string, after: string, token: Token): Promise<EvalComparisonResponseBody> {
  return requestJson<EvalComparisonResponseBody>(
    `/api/eval/compare?before=${encodeURIComponent(before)}&after=${encodeURIComponent(after)}`,
    token,
  );
}

export function startEvalRun(
  fileName: string,
  text: string,
  token: Token,
  adminToken?: string,
): Promise<EvalRunStatus> {
  const headers = { "Content-Type": "application/x-ndjson", ...adminHeaders(adminToken) };
  return requestJson<EvalRunStatus>(`/api/eval/runs?name=${encodeURIComponent(fileName)}`, token, {
    method: "POST",
    headers,
    body: text,
  });
}

export function fetchEvalRun(runId: string, token: Token, signal?: AbortSignal): Promise<EvalRunStatus> {
  return requestJson<EvalRunStatus>(`/api/eval/runs/${encodeURIComponent(runId)}`, token, { signal });
}

/** Files the evaluator downloads or opens: the HTML report and the draft eval lines. */
export const evalReportUrl = (name: string) => `/api/eval/reports/${encodeURIComponent(name)}`;
export const FEEDBACK_DRAFTS_URL = "/api/feedback/drafts.jsonl";
