// Errors a user can act on. The code is stable (tests and the server match on
// it); the message says what was wrong and what to do.

export type IngestErrorCode =
  | "seeds_missing"
  | "no_seeds"
  | "invalid_seed"
  | "index_missing"
  | "index_corrupt"
  | "index_incompatible"
  | "index_busy"
  | "embedder_unavailable"
  // The PostgreSQL store (DATABASE_URL):
  | "database_unavailable"
  | "database_conflict"
  // A source (an upload or a seed file) that cannot be read:
  | "unsupported_format"
  | "empty_document"
  | "not_text"
  | "encoding"
  | "corrupt_document"
  | "duplicate_source"
  | "source_not_found";

export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "IngestError";
  }
}
