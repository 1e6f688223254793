// One handler for every streamed request (`ask`, `brief`): validate and admit it (intake.ts),
// acknowledge with an id, run it with a progress emitter that falls silent once it is cancelled,
// then send exactly one closing event — done with the result, or error with a stable code — and
// log one line either way. What differs between requests is the spec: how a payload is parsed,
// what the work is, what the closing events are called, and what the log line carries.
import { LlmError } from "../answer/llm.js";
import { logFailure, toErrorBody, UserError } from "../errors.js";
import { acceptSocketRequest, type Intake } from "../intake.js";
import type { LogFields, Logger } from "../logger.js";
import type { ErrorBody } from "../protocol.js";
import { progressEmitter, type ProgressEmit } from "./progress.js";
import type { ChatSocket } from "./types.js";

export interface StreamedRequestSpec<Request, Result> {
  /** The client event that asks for it. */
  event: "ask" | "brief";
  parse: (payload: unknown) => Request;
  /** The work, streaming its progress through `emit`. */
  run: (request: Request, context: { id: string; emit: ProgressEmit; signal: AbortSignal }) => Promise<Result>;
  /** Sends the closing event of a finished request. */
  done: (socket: ChatSocket, id: string, result: Result) => void;
  /** Sends the closing event of a failed or cancelled one. */
  fail: (socket: ChatSocket, id: string, error: ErrorBody) => void;
  /** Told to the client when it cancelled the request. */
  cancelledMessage: string;
  /** The log line's event ("question", "briefing") and its fields for a result. */
  log: { event: string; failedEvent: string; fields: (result: Result) => LogFields };
}

export interface StreamedRequestContext {
  intake: Intake;
  logger: Logger;
  /** The connection's running requests by id, which `cancel` and a disconnect abort. */
  running: Map<string, AbortController>;
}

export function attachStreamedRequest<Request, Result>(
  socket: ChatSocket,
  spec: StreamedRequestSpec<Request, Result>,
  context: StreamedRequestContext,
): void {
  const work = (id: string, request: Request, signal: AbortSignal) =>
    runStreamed(socket, id, request, signal, spec, context);
  socket.on(spec.event, (payload: unknown, ack: unknown) =>
    acceptSocketRequest(socket, spec.event, payload, ack, spec.parse, context.running, context.intake, work),
  );
}

async function runStreamed<Request, Result>(
  socket: ChatSocket,
  id: string,
  request: Request,
  signal: AbortSignal,
  spec: StreamedRequestSpec<Request, Result>,
  { logger }: StreamedRequestContext,
): Promise<void> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const result = await spec.run(request, { id, emit: progressEmitter(socket, signal), signal });
    if (signal.aborted) throw new UserError("cancelled", spec.cancelledMessage);
    spec.done(socket, id, result);
    logger.info(spec.log.event, { id, transport: "socket", ms: elapsed(), ...spec.log.fields(result) });
  } catch (error) {
    // A model call cut short by the cancel reports llm_aborted: the client asked for it, it is no failure.
    const aborted = signal.aborted || (error instanceof LlmError && error.code === "llm_aborted");
    const body = aborted ? { code: "cancelled" as const, message: spec.cancelledMessage } : toErrorBody(error);
    logFailure(logger, spec.log.failedEvent, error, body, { id });
    spec.fail(socket, id, body);
    logger.info(spec.log.event, { id, transport: "socket", ms: elapsed(), error: body.code });
  }
}
