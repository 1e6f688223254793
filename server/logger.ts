// Structured logs: one JSON line per event on stdout. Never logs the access
// token, question history or answer text beyond what an operator needs.

import type { AnswerResult } from "./answer/types.js";

export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export function createLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const log =
    (level: string) =>
    (event: string, fields: LogFields = {}) =>
      write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
  return { info: log("info"), warn: log("warn"), error: log("error") };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** What the per-question log line says about an answer: how it was made, and why it fell back when it did. */
export function answerLogFields(result: AnswerResult): LogFields {
  return {
    mode: result.mode,
    refused: result.refused,
    coverage: result.coverage,
    citations: result.citations.length,
    fallbackReason: result.fallbackReason,
    modelMs: result.timings.modelMs,
  };
}
