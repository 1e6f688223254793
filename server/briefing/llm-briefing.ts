// One streamed model call for the LLM briefing: ChatOpenAI against any
// OpenAI-compatible endpoint, as in server/answer/llm.ts (whose LlmClient has
// no generic streaming call), with the same guarantees: a deadline for the
// whole call (the SDK's `timeout` stops at the response headers), the caller's
// abort, a stream that must end with `data: [DONE]`, and typed LlmErrors.
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { LlmError, type LlmSettings } from "../answer/llm.js";

const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** Passes every byte through and reports whether the SSE body carried the `data: [DONE]` line. */
function watchingForDone(onDone: () => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body || !(response.headers.get("content-type") ?? "").includes("text/event-stream")) return response;
    const decoder = new TextDecoder();
    let tail = "\n";
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          const seen = tail + decoder.decode(chunk, { stream: true });
          if (/[\r\n]data: ?\[DONE\]/.test(seen)) onDone();
          tail = seen.slice(-32);
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

function statusOf(error: unknown): number | undefined {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 4; current = (current as { cause?: unknown }).cause, depth++) {
    const status = (current as { status?: unknown }).status;
    if (typeof status === "number") return status;
  }
  return undefined;
}

/** Streams the reply to `onDelta` and resolves with the whole text; every failure is an LlmError. */
export async function streamCompletion(settings: LlmSettings, system: string, user: string, onDelta: (delta: string) => void, signal?: AbortSignal): Promise<string> {
  if (signal?.aborted) throw new LlmError("llm_aborted", "The briefing was cancelled before it started");
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new LlmError("llm_timeout", `The model's briefing took longer than ${settings.timeoutMs} ms`)), settings.timeoutMs);
  const onAbort = () => controller.abort(new LlmError("llm_aborted", "The briefing was cancelled"));
  signal?.addEventListener("abort", onAbort, { once: true });
  // Settle as soon as the signal fires, even if the library does not notice.
  const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(controller.signal.reason as unknown), { once: true }));
  aborted.catch(() => undefined);
  let sawDone = false;
  const run = async () => {
    const model = new ChatOpenAI({
      apiKey: settings.apiKey,
      model: settings.model,
      streaming: true,
      maxRetries: 0,
      timeout: settings.timeoutMs,
      streamUsage: false,
      configuration: { baseURL: settings.baseURL ?? OPENAI_BASE_URL, fetch: watchingForDone(() => (sawDone = true)) },
    });
    const stream = await model.stream([new SystemMessage(system), new HumanMessage(user)], { signal: controller.signal });
    let text = "";
    for await (const chunk of stream) {
      if (controller.signal.aborted) break;
      if (chunk.text === "") continue;
      text += chunk.text;
      onDelta(chunk.text);
    }
    if (controller.signal.aborted) throw controller.signal.reason;
    if (!sawDone) throw new LlmError("llm_stream", "The model's briefing stream ended before data: [DONE]");
    if (text.trim() === "") throw new LlmError("llm_empty", "The model returned an empty briefing");
    return text;
  };
  const running = run();
  running.catch(() => undefined);
  try {
    return await Promise.race([running, aborted]);
  } catch (error) {
    if (error instanceof LlmError) throw error;
    const reason: unknown = controller.signal.reason;
    if (controller.signal.aborted && reason instanceof LlmError) throw reason;
    const status = statusOf(error);
    const message = error instanceof Error ? error.message : String(error);
    throw new LlmError(status !== undefined ? "llm_http" : "llm_stream", `The model's briefing failed: ${message}`, { cause: error });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    controller.abort(new LlmError("llm_aborted", "The briefing finished"));
  }
}
