// Where the progress of a socket request goes (see progressEmitter).
import type { ServerToClientEvents } from "../protocol.js";
import type { ChatSocket } from "./types.js";

export type ProgressEmit = <E extends keyof ServerToClientEvents>(
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
) => boolean;

/**
 * How a request's progress events (start, tokens, points, citations) reach its connection: through
 * this process only, and nothing once it is cancelled. They stay out of the adapter's Redis stream:
 * a connection that drops cancels its requests, so a recovered session has no progress to replay,
 * and a Redis round trip per token would cost a third of the throughput (bench/workers.ts). The
 * closing done or error goes with socket.emit, through the stream, so a session recovered on any
 * process still learns how its request ended; it is sent after the progress, so order holds.
 */
export function progressEmitter(socket: ChatSocket, signal: AbortSignal): ProgressEmit {
  const local = socket.nsp.local.to(socket.id);
  return (event, ...args) => !signal.aborted && local.emit(event, ...args);
}
