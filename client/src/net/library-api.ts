// The library routes (/api/sources). Uploads go through XMLHttpRequest, the
// one browser API that reports upload progress; each file is its own request,
// so one refused file does not take the others with it.
import type {
  ErrorBody,
  ErrorResponseBody,
  SourceDeletedResponseBody,
  SourceResponseBody,
  SourcesAddedResponseBody,
  SourcesResponseBody,
} from "../../../server/protocol.js";
import { errorText } from "../lib/error-messages.js";
import { ApiError, UnauthorizedError } from "./api.js";

export interface LibraryTokens {
  access?: string;
  admin?: string;
}

/** The server refused a change for want of the admin token. */
export class AdminRequiredError extends Error {
  override name = "AdminRequiredError";
}

function headersFor(tokens: LibraryTokens): Record<string, string> {
  return {
    Accept: "application/json",
    ...(tokens.access ? { Authorization: `Bearer ${tokens.access}` } : {}),
    ...(tokens.admin ? { "X-Admin-Token": tokens.admin } : {}),
  };
}

/** A Chinese explanation for the code, then the server's own words (they name the file, the page…). */
function failure(status: number, body: Partial<ErrorResponseBody> | undefined): Error {
  if (status === 401) return new UnauthorizedError("需要访问令牌。");
  const error = body?.error;
  if (status === 403 && error?.code === "forbidden") return new AdminRequiredError(errorText(error));
  return new ApiError(error ? `${errorText(error)} ${error.message}` : `请求失败（${status}）。`, status);
}

async function request<T>(path: string, tokens: LibraryTokens, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: headersFor(tokens) });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError("无法连接服务器，请检查网络后重试。", 0);
  }
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) throw failure(response.status, body as Partial<ErrorResponseBody> | undefined);
  return body as T;
}

export const listSources = (tokens: LibraryTokens, signal?: AbortSignal) =>
  request<SourcesResponseBody>("/api/sources", tokens, { signal });

export const fetchSource = (sourceId: string, tokens: LibraryTokens, signal?: AbortSignal) =>
  request<SourceResponseBody>(`/api/sources/${encodeURIComponent(sourceId)}`, tokens, { signal });

export const deleteSource = (sourceId: string, tokens: LibraryTokens) =>
  request<SourceDeletedResponseBody>(`/api/sources/${encodeURIComponent(sourceId)}`, tokens, { method: "DELETE" });

/** Upload one file; `onSent` reports the share of bytes sent (0–1). */
export function uploadSource(
  file: File,
  tokens: LibraryTokens,
  onSent: (share: number) => void,
): Promise<SourcesAddedResponseBody> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/sources");
    for (const [name, value] of Object.entries(headersFor(tokens))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && onSent(event.loaded / event.total);
    xhr.onerror = () => reject(new ApiError("上传失败：无法连接服务器。", 0));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) resolve(body as SourcesAddedResponseBody);
      else reject(failure(xhr.status, body as { error?: ErrorBody } | undefined));
    };
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}
