// The intents a question can have, and the levels a scope word names. Types and
// constants only (no Node imports), so the web client can read them through
// server/protocol.ts.
export const INTENTS = [
  "count",
  "date",
  "person",
  "place",
  "definition",
  "list",
  "explain",
  "summary",
  "compare",
  "yes-no",
] as const;
export type Intent = (typeof INTENTS)[number];

export const SCOPE_LEVELS = ["national", "province", "city", "county"] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];
