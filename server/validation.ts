// Request payloads, validated at the boundary (HTTP body, socket event) into
// typed values; a failure names the field and what it must be.
import { z } from "zod";
import { PROVINCES } from "./answer/entities.js";
import { UserError } from "./errors.js";
import { LIMITS, type AskPayload, type AskRequestBody } from "./protocol.js";
import { normalizeScope } from "./retrieval/scope.js";
import { itemAt } from "../ingest/indexed.js";

/** docIds are "<seed file stem>-aNN": anything else (../../etc/passwd) is simply not found. */
export const DOC_ID = /^[\w.-]{1,120}-a\d{2,4}$/;

/** `scope` of a question or a briefing: `{province?, docId?, sources?}`, normalised (undefined when empty). */
export const scopeSchema = z
  .object(
    {
      province: z
        .string({ invalid_type_error: "province must be a string" })
        .refine(
          (name) => PROVINCES.includes(name.replace(/省$/, "")),
          "province must be a province's short name, e.g. 江苏 or 贵州",
        )
        .transform((name) => name.replace(/省$/, ""))
        .optional(),
      docId: z.string().regex(DOC_ID, "docId must be an article id like 003_518b5102fb447ec0-a01").optional(),
      sources: z
        .array(z.string().min(1).max(LIMITS.sourceNameChars), {
          invalid_type_error: "sources must be a list of source names",
        })
        .max(LIMITS.scopeSources, `sources holds at most ${LIMITS.scopeSources} source names`)
        .optional(),
    },
    { invalid_type_error: 'scope must be an object like {"province": "江苏"}' },
  )
  .strict()
  .optional()
  .transform(normalizeScope);

// A user turn was a question, so it holds what a question may; the limits are the table in limits.ts.
const turnSchema = z.discriminatedUnion("role", [
  z.object({
    role: z.literal("user"),
    content: z.string().max(LIMITS.questionChars, `a user turn holds at most ${LIMITS.questionChars} characters`),
  }),
  z.object({
    role: z.literal("assistant"),
    content: z.string().max(LIMITS.turnChars, `an assistant turn holds at most ${LIMITS.turnChars} characters`),
  }),
]);

export const question = z.string({
  required_error: "question is required",
  invalid_type_error: "question must be a string",
});
const history = z
  .array(turnSchema)
  .max(LIMITS.historyTurns, `history holds at most ${LIMITS.historyTurns} turns`)
  .optional();

// A conversation's only key, in every server process: whoever sends the id continues the conversation
// (and reads its turns back through the follow-up's rewriting). Short ids ("1", "c1") collide between
// clients, so an id must be long enough to be random.
const CONVERSATION_ID_RULE = "conversationId must be 16 to 100 letters, digits, - or _: use a random id such as a UUID";
const conversationId = z
  .string({ invalid_type_error: CONVERSATION_ID_RULE })
  .min(16, CONVERSATION_ID_RULE)
  .max(100, CONVERSATION_ID_RULE)
  .regex(/^[\w-]+$/, CONVERSATION_ID_RULE)
  .optional();
// The same fields over HTTP and Socket.IO.
const askSchema = z.object({ question, conversationId, history, scope: scopeSchema }).strict();

/** Parse `value` with `schema`, or throw bad_request naming the first wrong field and what it must be. */
export function parseWithSchema<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = itemAt(parsed.error.issues, 0);
    const field = issue.path.join(".");
    throw new UserError("bad_request", `${field ? `${field}: ` : ""}${issue.message}`);
  }
  return parsed.data;
}

/** A question trimmed, non-empty and within the length limit (question_too_long otherwise). */
export function checkQuestion<T extends { question: string }>(value: T): T {
  const trimmed = value.question.trim();
  if (trimmed === "") throw new UserError("bad_request", "question must not be empty. 请输入问题。");
  if (trimmed.length > LIMITS.questionChars) {
    throw new UserError(
      "question_too_long",
      `question is ${trimmed.length} characters; the limit is ${LIMITS.questionChars}. 问题过长，请缩短到${LIMITS.questionChars}字以内。`,
    );
  }
  return { ...value, question: trimmed };
}

/** Throws bad_request unless `body` is a JSON object; `example` shows the shape expected. */
export function requireObject(body: unknown, example: string): asserts body is Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    const hint = "sent with Content-Type: application/json";
    throw new UserError("bad_request", `The body must be a JSON object like ${example} ${hint}.`);
  }
}

export function parseAskRequest(body: unknown): AskRequestBody {
  requireObject(body, '{"question": "…"}');
  return checkQuestion(parseWithSchema(askSchema, body));
}

export function parseAskPayload(payload: unknown): AskPayload {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new UserError("bad_request", 'ask takes an object like {"question": "…"}.');
  }
  return checkQuestion(parseWithSchema(askSchema, payload));
}
