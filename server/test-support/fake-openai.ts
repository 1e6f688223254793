// A local OpenAI-compatible HTTP server for tests: the one thing that cannot run
// here is a hosted model, so it is replaced at the protocol level and the real
// @langchain/openai client talks to it over HTTP. Each chat request takes the
// next scripted step (the last step repeats); embeddings are deterministic.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type FakeStep =
  /** Stream `text` (or a non-streaming JSON reply when the request has stream: false). */
  | { kind: "reply"; text: string; deltas?: number; delayMs?: number; omitDone?: boolean; omitFinishReason?: boolean }
  /** An OpenAI-style error body with this HTTP status. */
  | { kind: "error"; status: number; message?: string; type?: string }
  /** Send 200 and the SSE headers, then nothing, ever. */
  | { kind: "hang" }
  /** Stream `afterDeltas` deltas of `text`, then destroy the socket. */
  | { kind: "cut"; text: string; deltas?: number; afterDeltas: number; delayMs?: number };

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
  model: unknown;
  messages: Array<{ role: string; content: unknown }>;
  stream: boolean;
}

export interface FakeOpenAI {
  /** Base URL including /v1, for `configuration.baseURL`. */
  url: string;
  requests: RecordedRequest[];
  /** Replace the script: chat requests take these steps in order, the last one repeats. */
  script(...steps: FakeStep[]): void;
  close(): Promise<void>;
}

/** Embedding width; OpenAIEmbeddings accepts whatever the server returns. */
export const FAKE_EMBEDDING_DIMENSIONS = 64;

/** Split `text` into `count` nearly equal pieces (by code point, so no surrogate is cut). */
export function splitIntoDeltas(text: string, count: number): string[] {
  const chars = [...text];
  const size = Math.max(1, Math.ceil(chars.length / Math.max(1, count)));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(""));
  return pieces;
}

/** A unit vector derived from the text's hash: the same input always gets the same vector. */
export function fakeEmbedding(text: string, dimensions = FAKE_EMBEDDING_DIMENSIONS): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}:${text}`).digest();
    for (let i = 0; i + 1 < digest.length && values.length < dimensions; i += 2)
      values.push(digest.readUInt16LE(i) / 32767.5 - 1);
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((value) => value / norm);
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  let steps: FakeStep[] = [{ kind: "reply", text: "好的。" }];
  let cursor = 0;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: "fake_server_error" } });
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const path = (req.url ?? "").split("?")[0]!;
    const record: RecordedRequest = {
      path,
      authorization: req.headers.authorization,
      body,
      model: body.model,
      messages: Array.isArray(body.messages) ? (body.messages as RecordedRequest["messages"]) : [],
      stream: body.stream === true,
    };
    requests.push(record);
    if (req.method === "POST" && path === "/v1/embeddings") return sendEmbeddings(res, body);
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      return sendJson(res, 404, {
        error: { message: `No route ${req.method} ${path}`, type: "invalid_request_error" },
      });
    }
    const step = steps[Math.min(cursor++, steps.length - 1)]!;
    const model = typeof body.model === "string" ? body.model : "fake-model";
    if (step.kind === "error") {
      return sendJson(res, step.status, {
        error: { message: step.message ?? `Fake error ${step.status}`, type: step.type ?? "server_error", code: null },
      });
    }
    if (step.kind === "hang") {
      res.writeHead(200, { "content-type": record.stream ? "text/event-stream" : "application/json" });
      res.flushHeaders();
      return;
    }
    if (!record.stream) return sendCompletion(res, model, step);
    await sendStream(res, model, step);
  }

  function sendCompletion(
    res: ServerResponse,
    model: string,
    step: Extract<FakeStep, { kind: "reply" | "cut" }>,
  ): void {
    const json = JSON.stringify({
      id: "chatcmpl-fake",
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: "assistant", content: step.text }, finish_reason: "stop" }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    });
    if (step.kind === "cut") {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(json)) });
      res.write(json.slice(0, Math.floor(json.length / 2)), () => res.destroy());
      return;
    }
    sendJson(res, 200, JSON.parse(json) as object);
  }

  async function sendStream(
    res: ServerResponse,
    model: string,
    step: Extract<FakeStep, { kind: "reply" | "cut" }>,
  ): Promise<void> {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
      `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
    const deltas = splitIntoDeltas(step.text, step.deltas ?? 4);
    const delayMs = step.delayMs ?? 5;
    // Wait for each write to reach the socket, so a cut happens after exactly the deltas the test expects.
    const send = (data: string) => new Promise<void>((resolve) => res.write(data, () => resolve()));
    await send(chunk({ role: "assistant", content: "" }, null));
    for (const [i, delta] of deltas.entries()) {
      if (step.kind === "cut" && i === step.afterDeltas) break;
      await sleep(delayMs);
      if (res.destroyed) return;
      await send(chunk({ content: delta }, null));
    }
    if (step.kind === "cut") return void res.destroy();
    if (!step.omitFinishReason) res.write(chunk({}, "stop"));
    if (!step.omitDone) res.write("data: [DONE]\n\n");
    res.end();
  }

  function sendEmbeddings(res: ServerResponse, body: Record<string, unknown>): void {
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const dimensions = typeof body.dimensions === "number" ? body.dimensions : FAKE_EMBEDDING_DIMENSIONS;
    // The openai SDK asks for base64 unless told otherwise, and decodes it itself.
    const base64 = body.encoding_format === "base64";
    const data = inputs.map((input, index) => {
      const vector = fakeEmbedding(typeof input === "string" ? input : JSON.stringify(input), dimensions);
      const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
      return { object: "embedding", index, embedding };
    });
    sendJson(res, 200, {
      object: "list",
      data,
      model: body.model ?? "fake-embedding",
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script(...next: FakeStep[]) {
      if (next.length === 0) throw new Error("script() needs at least one step");
      steps = next;
      cursor = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString("utf8");
  if (text === "") return {};
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(json)) });
  res.end(json);
}
