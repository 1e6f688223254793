// The LLM path: ChatOpenAI against any OpenAI-compatible endpoint, prompts from
// prompts/. What the client library does not guarantee, this file does:
// - a deadline for the whole call. The openai SDK's `timeout` stops at the
//   response headers; a server that sends headers and then stalls would hang
//   the stream forever, so an AbortController + timer bounds it end to end;
// - a complete stream. The SDK ends quietly both when it is aborted and when
//   the server closes without `data: [DONE]`, so both are checked here;
// - typed errors (LlmError) the answerer can turn into a fallback.
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { formatHistory, formatPassages, loadPrompt, renderChatPrompt } from "./prompts.js";
import type { Passage } from "./passage.js";
import { MAX_REPLY_CHARS } from "./reply-limits.js";
import type { ChatTurn } from "./types.js";

export interface LlmSettings {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
}

export type LlmErrorCode = "llm_timeout" | "llm_http" | "llm_stream" | "llm_aborted" | "llm_empty" | "llm_too_long";

export class LlmError extends Error {
  override name = "LlmError";
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// Passed explicitly so ChatOpenAI does not fall back to reading OPENAI_BASE_URL itself (config.ts owns the
// environment).
const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** Reasoning models (o1, o3, gpt-5…) reject any temperature but the default, so it is only sent to the others. */
function acceptsTemperature(model: string): boolean {
  return !/^o\d/.test(model) && !(/^gpt-5/.test(model) && !/^gpt-5-chat/.test(model));
}

/** A fetch that reports when an SSE body carries the `data: [DONE]` line, passing every byte through. */
function fetchWatchingForDone(onDone: () => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body || !(response.headers.get("content-type") ?? "").includes("text/event-stream")) return response;
    const decoder = new TextDecoder();
    // Starts with a line break so a [DONE] on the very first line is found; kept short, but long enough to span chunk
    // edges.
    let tail = "\n";
    const watched = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          const seen = tail + decoder.decode(chunk, { stream: true });
          // A raw line break cannot occur inside a JSON event, so this matches the sentinel line only.
          if (/[\r\n]data: ?\[DONE\]/.test(seen)) onDone();
          tail = seen.slice(-32);
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(watched, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** The first non-empty line, without a "问题：" label or surrounding quotes the model may add. */
function firstLine(text: string): string {
  const line =
    text
      .split(/\r?\n/)
      .map((part) => part.trim())
      .find((part) => part !== "") ?? "";
  return line
    .replace(/^(?:改写后的问题|独立问题|问题|Question)\s*[:：]\s*/i, "")
    .replace(/^["“”「『']+|(?<!["“”」』'])["“”」』']+$/g, "")
    .trim();
}

function errorStatus(error: unknown): number | undefined {
  for (
    let current = error, depth = 0;
    current && typeof current === "object" && depth < 4;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    const status = (current as { status?: unknown }).status;
    if (typeof status === "number") return status;
  }
  return undefined;
}

/** Map what ChatOpenAI / the openai SDK threw to a typed error. */
function toLlmError(error: unknown, what: string): LlmError {
  if (error instanceof LlmError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : "";
  const status = errorStatus(error);
  // The SDK's messages start with the status already ("500 Internal error").
  if (status !== undefined)
    return new LlmError("llm_http", `${what} failed: HTTP ${status}: ${message.replace(/^\d{3}\s+/, "")}`, {
      cause: error,
    });
  if (name === "TimeoutError" || name === "APIConnectionTimeoutError")
    return new LlmError("llm_timeout", `${what} timed out: ${message}`, { cause: error });
  if (name === "APIConnectionError" || /connection error|ECONNREFUSED|ENOTFOUND/i.test(message)) {
    return new LlmError("llm_http", `${what} failed: could not reach the model server (${message})`, { cause: error });
  }
  return new LlmError("llm_stream", `${what} failed while reading the response: ${message}`, { cause: error });
}

/** An error thrown by the caller's onToken: the caller's bug, passed through rather than blamed on the model. */
class CallbackError extends Error {}

export class LlmClient {
  constructor(readonly settings: LlmSettings) {}

  /**
   * Streams the model's answer to onToken (deltas, in order) and resolves with the whole text.
   * `prompt` names the template (prompts/<prompt>.txt, one per intent); `vars` fills its extra placeholders.
   */
  async generateAnswer(
    question: string,
    passages: Passage[],
    onToken: (delta: string) => void,
    signal?: AbortSignal,
    template: { prompt?: string; vars?: Record<string, string> } = {},
  ): Promise<string> {
    const vars = { ...template.vars, question, passages: formatPassages(passages) };
    const { system, user } = renderChatPrompt(loadPrompt(template.prompt ?? "answer"), vars);
    return this.streamChat("The model's answer", system, user, onToken, signal);
  }

  /**
   * One streamed chat call (used for answers and briefings): deltas to onToken in
   * order, the whole text at the end; every failure is a typed LlmError.
   */
  async streamChat(
    what: string,
    system: string,
    user: string,
    onToken: (delta: string) => void,
    signal?: AbortSignal,
  ): Promise<string> {
    return this.withDeadline(what, signal, async (callSignal) => {
      let sawDone = false;
      const model = this.chatModel(
        true,
        fetchWatchingForDone(() => (sawDone = true)),
      );
      const stream = await model.stream([new SystemMessage(system), new HumanMessage(user)], { signal: callSignal });
      let text = "";
      for await (const chunk of stream) {
        if (callSignal.aborted) break;
        const delta = chunk.text;
        if (delta === "") continue;
        text += delta;
        // A reply this long is no answer: stop reading rather than hold megabytes (the checks read MAX_REPLY_CHARS).
        if (text.length > 2 * MAX_REPLY_CHARS)
          throw new LlmError("llm_too_long", `${what} ran past ${2 * MAX_REPLY_CHARS} characters`);
        try {
          onToken(delta);
        } catch (error) {
          throw new CallbackError("onToken threw", { cause: error });
        }
      }
      // The SDK's stream ends without an error when it is aborted: the reason is the real outcome.
      if (callSignal.aborted) throw callSignal.reason;
      if (!sawDone)
        throw new LlmError("llm_stream", `${what} stream ended before data: [DONE] (connection closed early?)`);
      if (text.trim() === "") throw new LlmError("llm_empty", `${what} was empty`);
      return text;
    });
  }

  /** Standalone rewrite of a follow-up question. */
  async rewriteQuestion(question: string, history: ChatTurn[], signal?: AbortSignal): Promise<string> {
    const { system, user } = renderChatPrompt(loadPrompt("rewrite"), { question, history: formatHistory(history) });
    return this.withDeadline("The question rewrite", signal, async (callSignal) => {
      const message = await this.chatModel(false).invoke([new SystemMessage(system), new HumanMessage(user)], {
        signal: callSignal,
      });
      if (callSignal.aborted) throw callSignal.reason;
      const rewritten = firstLine(message.text);
      if (rewritten === "") throw new LlmError("llm_empty", "The model returned an empty rewrite");
      return rewritten;
    });
  }

  /**
   * One model per call: the [DONE] watcher is per request, and construction is cheap (connections are pooled by fetch).
   */
  private chatModel(streaming: boolean, fetchImpl?: typeof fetch): ChatOpenAI {
    const { apiKey, baseURL, model, timeoutMs } = this.settings;
    return new ChatOpenAI({
      apiKey,
      model,
      streaming,
      maxRetries: 0,
      timeout: timeoutMs,
      // stream_options is rejected by some compatible servers, and token counts are not used.
      streamUsage: false,
      ...(acceptsTemperature(model) ? { temperature: 0 } : {}),
      configuration: { baseURL: baseURL ?? OPENAI_BASE_URL, ...(fetchImpl ? { fetch: fetchImpl } : {}) },
    });
  }

  /**
   * Run `call` with a signal that fires on the caller's abort or after
   * timeoutMs, and settle as soon as it fires even if the library does not
   * notice. The timer and the listener are always removed, and the request is
   * aborted on the way out so no socket outlives the call.
   */
  private async withDeadline<T>(
    what: string,
    signal: AbortSignal | undefined,
    call: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const { timeoutMs } = this.settings;
    if (signal?.aborted) throw new LlmError("llm_aborted", `${what} was cancelled before it started`);
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new LlmError("llm_timeout", `${what} took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onCallerAbort = () => controller.abort(new LlmError("llm_aborted", `${what} was cancelled`));
    signal?.addEventListener("abort", onCallerAbort, { once: true });
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener("abort", () => reject(controller.signal.reason as unknown), { once: true });
    });
    const running = call(controller.signal);
    // Whichever of the two loses the race must not surface as an unhandled rejection.
    aborted.catch(() => undefined);
    running.catch(() => undefined);
    try {
      return await Promise.race([running, aborted]);
    } catch (error) {
      if (error instanceof CallbackError) throw error.cause;
      const reason: unknown = controller.signal.reason;
      if (controller.signal.aborted && reason instanceof LlmError)
        throw error === reason ? reason : new LlmError(reason.code, reason.message, { cause: error });
      throw toLlmError(error, what);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onCallerAbort);
      controller.abort(new LlmError("llm_aborted", `${what} finished`));
    }
  }
}
