// The Socket.IO `brief` event: briefing:start → briefing:point… (briefing:reset when the model
// failed and the fallback starts over) → exactly one of briefing:done / briefing:error.
// Shares the client's rate budget and the connection's cancel map with `ask`.
import type { Briefer } from "../briefing/briefer.js";
import { parseBriefingRequest } from "../briefing/request.js";
import type { BriefingRequest, BriefingResult } from "../briefing/types.js";
import type { StreamedRequestSpec } from "./streamed-request.js";

export function briefRequest(briefer: Briefer): StreamedRequestSpec<BriefingRequest, BriefingResult> {
  return {
    event: "brief",
    parse: parseBriefingRequest,
    run: (request, { id, emit, signal }) => {
      let index = 0;
      return briefer.build(
        request,
        {
          onStart: ({ title }) => emit("briefing:start", { id, title }),
          onPoint: (point, citations) => emit("briefing:point", { id, index: index++, point, citations }),
          onReset: () => {
            index = 0;
            emit("briefing:reset", { id });
          },
        },
        signal,
      );
    },
    done: (socket, id, result) => socket.emit("briefing:done", { id, ...result }),
    fail: (socket, id, error) => socket.emit("briefing:error", { id, error }),
    cancelledMessage: "已停止生成简报。The briefing was cancelled.",
    log: {
      event: "briefing",
      failedEvent: "briefing_failed",
      fields: (result) => ({
        refused: result.refused === true,
        ...(result.refused
          ? {}
          : { mode: result.mode, points: result.points.length, fallbackReason: result.fallbackReason }),
      }),
    },
  };
}
