// Libraries write to the console: the openai SDK's warnings, LangChain's
// notices, Node's process warnings (deprecations). In the running server those
// become log events too, so the log stays one JSON object per line (issue 14).
import { format } from "node:util";
import type { Logger } from "./logger.js";

type ConsoleMethod = "log" | "info" | "warn" | "error" | "debug" | "trace";
const LEVEL: Record<ConsoleMethod, keyof Logger> = {
  log: "info",
  info: "info",
  debug: "info",
  trace: "info",
  warn: "warn",
  error: "error",
};

/** Send console output and process warnings through `logger`; returns a function that puts them back. */
export function routeConsoleTo(logger: Logger): () => void {
  const saved = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  for (const method of Object.keys(LEVEL) as ConsoleMethod[]) {
    saved.set(method, console[method]);
    console[method] = (...args: unknown[]) => logger[LEVEL[method]]("console", { message: format(...args) });
  }
  // Node prints warnings through its own listener; replace it with ours.
  const warningListeners = process.listeners("warning");
  process.removeAllListeners("warning");
  const onWarning = (warning: Error & { code?: string }) =>
    logger.warn("process_warning", { name: warning.name, code: warning.code, message: warning.message });
  process.on("warning", onWarning);
  return () => {
    for (const [method, original] of saved) console[method] = original;
    process.off("warning", onWarning);
    for (const listener of warningListeners) process.on("warning", listener);
  };
}
