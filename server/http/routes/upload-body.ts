// Reading a multipart/form-data upload with busboy: every `file` field into
// memory, each under the configured size, names decoded as UTF-8 (browsers
// send Chinese file names raw). Refusals name the file and the limit.
import busboy from "busboy";
import type { Request } from "express";
import type { SourceFile } from "../../../ingest/corpus-store.js";
import { UserError } from "../../errors.js";

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
}

export function readUploadedFiles(request: Request, limits: UploadLimits): Promise<SourceFile[]> {
  if (!request.is("multipart/form-data")) {
    return Promise.reject(
      new UserError(
        "bad_request",
        'Send the files as multipart/form-data with one or more "file" fields (curl -F file=@page.pdf).',
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const files: SourceFile[] = [];
    let failure: UserError | undefined;
    const fail = (error: UserError) => (failure ??= error);
    const parser = busboy({
      headers: request.headers,
      defParamCharset: "utf8",
      limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20 },
    });
    parser.on("file", (field, stream, info) => {
      const name = info.filename?.trim() || "upload";
      if (field !== "file") {
        stream.resume();
        return;
      }
      const pieces: Buffer[] = [];
      stream.on("data", (piece: Buffer) => pieces.push(piece));
      stream.on("limit", () =>
        fail(
          new UserError(
            "payload_too_large",
            `${name} is larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB, the limit per file (UPLOAD_MAX_MB). 文件过大。`,
          ),
        ),
      );
      stream.on("end", () => files.push({ name, bytes: Buffer.concat(pieces) }));
    });
    parser.on("filesLimit", () =>
      fail(
        new UserError(
          "payload_too_large",
          `At most ${limits.maxFiles} files per upload; send the rest in another one.`,
        ),
      ),
    );
    parser.on("error", () =>
      reject(
        failure ?? new UserError("bad_request", "The upload could not be read (a broken multipart body). Try again."),
      ),
    );
    parser.on("close", () => {
      if (failure) reject(failure);
      else if (files.length === 0)
        reject(new UserError("bad_request", 'No file in the upload: send one or more "file" fields.'));
      else resolve(files);
    });
    request.pipe(parser);
  });
}
