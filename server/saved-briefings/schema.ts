// Request bodies for saved briefings, validated at the boundary. A briefing is
// saved as the client received it (POST), then edited by naming its points
// (PUT: order, text); citations are never sent back by an edit, so a point
// keeps the passages it rests on whatever its text becomes.
import { z } from "zod";
import { LIMITS, type SavedBriefingCreateBody, type SavedBriefingEditBody } from "../protocol.js";
import { DOC_ID, parseWithSchema, requireObject, scopeSchema } from "../validation.js";

// The sizes come from the limits table (server/limits.ts), which derives these routes' body limit from them.
export const POINT_CHARS = LIMITS.pointChars;
export const MAX_POINTS = LIMITS.briefingPoints;
const MAX_CITATIONS = LIMITS.briefingCitations;
const MAX_FIGURES = LIMITS.briefingFigures;
const QUOTE_CHARS = LIMITS.quoteChars;
const NAME_CHARS = LIMITS.sourceNameChars;
const TITLE_CHARS = LIMITS.topicChars;

const citationNumber = z.number().int().positive();
const text = (field: string, max: number) =>
  z
    .string({ required_error: `${field} is required`, invalid_type_error: `${field} must be a string` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} holds at most ${max} characters`);

const citationSchema = z
  .object({
    n: citationNumber,
    docId: z.string().regex(DOC_ID, "docId must be an article id like 003_518b5102fb447ec0-a01"),
    source: z.string().max(NAME_CHARS),
    sourceId: z.string().max(NAME_CHARS).optional(),
    sourceName: z.string().max(NAME_CHARS).optional(),
    title: z.string().max(NAME_CHARS),
    author: z.string().max(100).optional(),
    quote: z.string().min(1).max(QUOTE_CHARS),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  })
  .strict();

const briefingSchema = z
  .object({
    title: text("briefing.title", TITLE_CHARS),
    points: z
      .array(
        z
          .object({
            text: text("point text", POINT_CHARS),
            citations: z.array(citationNumber).min(1, "every point cites a passage"),
          })
          .strict(),
      )
      .max(MAX_POINTS, `a briefing holds at most ${MAX_POINTS} points`),
    figures: z
      .array(
        z
          .object({
            value: z.string().min(1).max(40),
            label: z.string().max(100),
            place: z.string().max(40).optional(),
            citation: citationNumber,
          })
          .strict(),
      )
      .max(MAX_FIGURES),
    citations: z.array(citationSchema).max(MAX_CITATIONS),
    mode: z.enum(["llm", "extractive"]),
    notice: z.string().max(1000).optional(),
    fallbackReason: z.string().max(100).optional(),
    refused: z.literal(false).optional(),
  })
  .strict();

const createSchema = z
  .object({
    topic: text("topic", LIMITS.topicChars),
    scope: scopeSchema,
    briefing: briefingSchema,
  })
  .strict();

const editSchema = z
  .object({
    title: text("title", TITLE_CHARS).optional(),
    points: z
      .array(
        z
          .object({
            id: z.string({ required_error: "points[].id is required" }).min(1).max(20),
            text: text("points[].text", POINT_CHARS),
          })
          .strict(),
        { required_error: "points is required: the points to keep, in order, each {id, text}" },
      )
      .max(MAX_POINTS),
  })
  .strict();

const addAnswerSchema = z
  .object({
    answerId: z
      .string({ required_error: "answerId is required" })
      .uuid("answerId must be the answerId an answer came with"),
  })
  .strict();

/** `T`, provided it fits the shared contract `Contract`: a schema that drifts from protocol.ts fails to compile. */
type Fits<T extends Contract, Contract> = T;
export type CreateSavedBriefingBody = Fits<z.infer<typeof createSchema>, SavedBriefingCreateBody>;
export type EditSavedBriefingBody = Fits<z.infer<typeof editSchema>, SavedBriefingEditBody>;
export type AddAnswerBody = z.infer<typeof addAnswerSchema>;

export function parseCreateSavedBriefing(body: unknown): CreateSavedBriefingBody {
  requireObject(body, '{"topic": "产业链党建", "briefing": {…the briefing as built…}}');
  return parseWithSchema(createSchema, body);
}

export function parseEditSavedBriefing(body: unknown): EditSavedBriefingBody {
  requireObject(body, '{"title": "…", "points": [{"id": "p1", "text": "…"}]}');
  return parseWithSchema(editSchema, body);
}

export function parseAddAnswer(body: unknown): AddAnswerBody {
  requireObject(body, '{"answerId": "…"}');
  return parseWithSchema(addAnswerSchema, body);
}

/** Saved briefing ids are "b-<uuid>"; anything else is simply not found. */
export const SAVED_BRIEFING_ID = /^b-[0-9a-f-]{36}$/;
