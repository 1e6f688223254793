// HTTP calls to the same-origin server. With ACCESS_TOKEN set on the server the
// token goes in the Authorization header; a 401 is its own error so the UI can
// ask for the token instead of showing a generic failure.
import type { DocumentResponseBody, ErrorResponseBody, HealthResponseBody } from "../../../server/protocol.js";

export class UnauthorizedError extends Error {
  override name = "UnauthorizedError";
}

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** One HTTP call; a JSON reply is parsed (204 gives undefined), an error reply becomes an ApiError with its message. */
export async function requestJson<T>(path: string, token: string | undefined, init: RequestInit = {}): Promise<T> {
  const given = init.headers as Record<string, string> | undefined;
  const headers: Record<string, string> = { Accept: "application/json", ...given };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError("无法连接服务器，请检查网络后重试。", 0);
  }
  if (response.status === 401) {
    const body = (await response.json().catch(() => undefined)) as Partial<ErrorResponseBody> | undefined;
    throw new UnauthorizedError(body?.error?.message ?? "需要访问令牌。");
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as Partial<ErrorResponseBody> | undefined;
    throw new ApiError(body?.error?.message ?? `请求失败（${response.status}）。`, response.status);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

function getJson<T>(path: string, token: string | undefined, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(path, token, { signal });
}

export function fetchDocument(
  docId: string,
  token: string | undefined,
  signal?: AbortSignal,
): Promise<DocumentResponseBody> {
  return getJson<DocumentResponseBody>(`/api/documents/${encodeURIComponent(docId)}`, token, signal);
}

export function fetchHealth(token: string | undefined, signal?: AbortSignal): Promise<HealthResponseBody> {
  return getJson<HealthResponseBody>("/api/health", token, signal);
}
