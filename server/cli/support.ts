// What the command-line entry points (ingest, ask, brief) share: the --mode
// check and one way to end — a known error is one line naming what to fix,
// anything else is printed whole.
import { IngestError } from "../../ingest/errors.js";
import { ConfigError } from "../config.js";
import { UserError } from "../errors.js";

export type AnswerMode = "llm" | "extractive";

/** The --mode value, or a usage message when it is neither "llm" nor "extractive". */
export function parseMode(value: string | undefined, usage: string): AnswerMode | undefined {
  if (value === undefined || value === "llm" || value === "extractive") return value;
  throw new UserError("bad_request", `--mode must be "llm" or "extractive", not "${value}".\n${usage}`);
}

/** Run `main` and exit with its code; exit 2 for bad arguments, 1 for other known failures. */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      // node:util parseArgs rejects unknown options with a readable message of its own.
      const badArguments =
        error instanceof UserError || String((error as NodeJS.ErrnoException)?.code).startsWith("ERR_PARSE_ARGS");
      const known = badArguments || error instanceof IngestError || error instanceof ConfigError;
      console.error(known ? `${name} failed: ${(error as Error).message}` : error);
      process.exit(badArguments ? 2 : 1);
    },
  );
}
