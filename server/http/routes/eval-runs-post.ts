// POST /api/eval/runs?name=FILE.jsonl with the question file as the body
// (text/plain or application/x-ndjson, ≤ 1 MB): validates every line (errors
// name their line numbers), then runs the eval in the background → 202 with
// the run's id; poll GET /api/eval/runs/:runId. Rate-limited unless the
// request carries ADMIN_TOKEN.
import express, { type RequestHandler } from "express";
import { z } from "zod";
import { admitEvaluator, type EvaluatorGate } from "../../admin-token.js";
import { UserError } from "../../errors.js";
import type { EvalRuns } from "../../evaluation/eval-runs.js";
import { LIMITS, type EvalRunStatus } from "../../protocol.js";
import { parseWithSchema } from "../../validation.js";

export const EVAL_FILE_BYTES = LIMITS.evalFileBytes;
const FILE_TYPES = ["text/plain", "application/x-ndjson", "application/jsonl", "application/octet-stream"];
const nameSchema = z.object({
  name: z
    .string()
    .regex(/^[\w.\-\u4e00-\u9fff]{1,80}$/, "name must be a plain file name like my-questions.jsonl")
    .default("upload.jsonl"),
});

const readFileBody = express.text({ type: FILE_TYPES, limit: EVAL_FILE_BYTES });

/** The body parser, with its "too large" in this route's own terms. */
const fileBody: RequestHandler = (request, response, next) =>
  readFileBody(request, response, (error?: unknown) => {
    if (error && typeof error === "object" && "type" in error && error.type === "entity.too.large") {
      next(
        new UserError(
          "payload_too_large",
          `The question file is larger than ${EVAL_FILE_BYTES / 1024 / 1024} MB; split it.`,
        ),
      );
    } else next(error);
  });

function parseUpload(body: unknown): string {
  if (typeof body !== "string") {
    throw new UserError(
      "bad_request",
      "Send the question file itself as the body, with Content-Type: text/plain or application/x-ndjson.",
    );
  }
  return body;
}

export function evalRunsPost(runs: EvalRuns, gate: EvaluatorGate): RequestHandler[] {
  const start: RequestHandler = async (request, response, next) => {
    try {
      const text = await admitEvaluator(request, response, parseUpload, gate);
      const { name } = parseWithSchema(nameSchema, request.query);
      const body: EvalRunStatus = runs.start(name, text);
      response.status(202).json(body);
    } catch (error) {
      next(error);
    }
  };
  return [fileBody, start];
}
