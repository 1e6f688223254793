// GET /api/documents/:docId: a cleaned article with its metadata, for the
// source viewer. Looked up in the loaded index only: no file is ever read from
// a request parameter, so "../../etc/passwd" is just an unknown id.
import type { RequestHandler } from "express";
import type { Assistant } from "../../assistant.js";
import { UserError } from "../../errors.js";
import type { DocumentResponseBody } from "../../protocol.js";
import { DOC_ID } from "../../validation.js";

export function documentsGet(assistant: Assistant): RequestHandler {
  return (request, response, next) => {
    const docId = String(request.params.docId ?? "");
    const article = DOC_ID.test(docId) ? assistant.index.articleById.get(docId) : undefined;
    if (!article) {
      next(
        new UserError(
          "not_found",
          `No document "${docId.slice(0, 120)}". Document ids look like 003_518b5102fb447ec0-a01 and come from a citation's docId.`,
        ),
      );
      return;
    }
    const body: DocumentResponseBody = article;
    response.json(body);
  };
}
