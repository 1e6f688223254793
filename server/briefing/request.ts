// The briefing request, validated at the boundary (HTTP body, socket payload)
// into a typed value; a failure names the field and what it must be.
import { z } from "zod";
import { PROVINCES } from "../answer/entities.js";
import { UserError } from "../errors.js";
import { LIMITS } from "../protocol.js";
import { DOC_ID } from "../validation.js";
import type { BriefingRequest } from "./types.js";

const TOPIC_MAX_CHARS = LIMITS.topicChars;

const briefingRequestSchema = z
  .object({
    topic: z.string({ required_error: "topic is required", invalid_type_error: "topic must be a string" }),
    scope: z
      .object({
        province: z.string().refine((name) => PROVINCES.includes(name.replace(/省$/, "")), "province must be a province's short name, e.g. 江苏 or 贵州").optional(),
        docId: z.string().regex(DOC_ID, "docId must be an article id like 003_518b5102fb447ec0-a01").optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export function parseBriefingRequest(value: unknown): BriefingRequest {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UserError("bad_request", 'A briefing request is a JSON object like {"topic": "产业链党建"}.');
  }
  const parsed = briefingRequestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".");
    throw new UserError("bad_request", `${field ? `${field}: ` : ""}${issue.message}`);
  }
  const topic = parsed.data.topic.trim();
  if (topic === "") throw new UserError("bad_request", "topic must not be empty. 请输入简报主题。");
  if (topic.length > TOPIC_MAX_CHARS) throw new UserError("bad_request", `topic is ${topic.length} characters; the limit is ${TOPIC_MAX_CHARS}. 主题过长，请缩短到${TOPIC_MAX_CHARS}字以内。`);
  const scope = parsed.data.scope;
  const province = scope?.province?.replace(/省$/, "");
  const cleanScope = { ...(province ? { province } : {}), ...(scope?.docId ? { docId: scope.docId } : {}) };
  return { topic, ...(Object.keys(cleanScope).length > 0 ? { scope: cleanScope } : {}) };
}
