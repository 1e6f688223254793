// The Socket.IO `ask` event: answer:start → answer:token… (answer:reset when the model failed and
// the extractive answer starts over) → answer:citations → exactly one of answer:done / answer:error.
// The turn is remembered in the conversation before done is sent, so a follow-up sees it.
import type { AskService } from "../ask-service.js";
import { historyFor, rememberTurn, type ConversationStore } from "../conversations.js";
import { answerLogFields, type Logger } from "../logger.js";
import type { RecordedAnswerResult } from "../protocol.js";
import { parseAskPayload } from "../validation.js";
import type { StreamedRequestSpec } from "./streamed-request.js";

type AskPayload = ReturnType<typeof parseAskPayload>;

export function askRequest(options: {
  asker: AskService;
  conversations: ConversationStore;
  logger: Logger;
}): StreamedRequestSpec<AskPayload, RecordedAnswerResult> {
  const { asker, conversations, logger } = options;
  return {
    event: "ask",
    parse: parseAskPayload,
    run: async (request, { id, emit, signal }) => {
      const history = await historyFor(conversations, request);
      const result = await asker.ask(
        { question: request.question, history, scope: request.scope, signal },
        {
          onStart: (info) => emit("answer:start", { id, ...info }),
          onToken: (text) => emit("answer:token", { id, text }),
          onReset: () => emit("answer:reset", { id }),
          onCitations: (citations) => emit("answer:citations", { id, citations }),
        },
      );
      if (!signal.aborted) await rememberTurn(conversations, request, result, logger);
      return result;
    },
    done: (socket, id, result) => socket.emit("answer:done", { id, ...result }),
    fail: (socket, id, error) => socket.emit("answer:error", { id, error }),
    cancelledMessage: "已停止回答。The answer was cancelled.",
    log: { event: "question", failedEvent: "answer_failed", fields: answerLogFields },
  };
}
