// The briefing request, validated at the boundary (HTTP body, socket payload)
// into a typed value; a failure names the field and what it must be.
import { z } from "zod";
import { UserError } from "../errors.js";
import { LIMITS } from "../protocol.js";
import { scopeSchema } from "../validation.js";
import type { BriefingRequest } from "./types.js";

const TOPIC_MAX_CHARS = LIMITS.topicChars;

const briefingRequestSchema = z
  .object({
    topic: z.string({ required_error: "topic is required", invalid_type_error: "topic must be a string" }),
    scope: scopeSchema,
  })
  .strict();

export function parseBriefingRequest(value: unknown): BriefingRequest {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UserError("bad_request", 'A briefing request is a JSON object like {"topic": "产业链党建"}.');
  }
  const parsed = briefingRequestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "";
    throw new UserError("bad_request", `${field ? `${field}: ` : ""}${issue?.message ?? "is not valid"}`);
  }
  const topic = parsed.data.topic.trim();
  if (topic === "") throw new UserError("bad_request", "topic must not be empty. 请输入简报主题。");
  if (topic.length > TOPIC_MAX_CHARS)
    throw new UserError(
      "bad_request",
      `topic is ${topic.length} characters; the limit is ${TOPIC_MAX_CHARS}. 主题过长，请缩短到${TOPIC_MAX_CHARS}字以内。`,
    );
  const scope = parsed.data.scope;
  return { topic, ...(scope ? { scope } : {}) };
}
