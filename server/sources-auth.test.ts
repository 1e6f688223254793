// Who may change the library: with ADMIN_TOKEN set, uploads and deletes need
// it (X-Admin-Token) while reading needs only the access token; the admin
// check comes before the upload is read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorResponseBody } from "./protocol.js";
import { startLibraryApp, type LibraryApp } from "./test-support/library-app.js";

const ACCESS = "reader-token-0123456789";
const ADMIN = "admin-token-0123456789abcdef";
const PAGE = "六盘水市凉都先锋\n\n本报记者 周伟\n\n今年以来，六盘水市组建党员突击队88支，攻克技术难题两百余项。\n";

let lib: LibraryApp;
const url = (route: string) => `${lib.server.url}${route}`;
const upload = (headers: Record<string, string>) => {
  const form = new FormData();
  form.append("file", new Blob([PAGE]), "凉都.txt");
  return fetch(url("/api/sources"), { method: "POST", body: form, headers });
};
const codeOf = async (response: Response) => ((await response.json()) as ErrorResponseBody).error.code;

beforeAll(async () => {
  lib = await startLibraryApp({ accessToken: ACCESS, adminToken: ADMIN });
}, 60_000);

afterAll(async () => {
  await lib.cleanup();
});

describe("ACCESS_TOKEN and ADMIN_TOKEN on /api/sources", () => {
  it("reading needs the access token only", async () => {
    expect((await fetch(url("/api/sources"))).status).toBe(401);
    expect((await fetch(url("/api/sources"), { headers: { authorization: `Bearer ${ACCESS}` } })).status).toBe(200);
  });

  it("uploading without the admin token is 403 forbidden, with a wrong one too, and adds nothing", async () => {
    const noAdmin = await upload({ authorization: `Bearer ${ACCESS}` });
    expect(noAdmin.status).toBe(403);
    expect(await codeOf(noAdmin)).toBe("forbidden");
    expect(
      (await upload({ authorization: `Bearer ${ACCESS}`, "x-admin-token": "wrong-token-0123456789" })).status,
    ).toBe(403);
    expect((await upload({ "x-admin-token": ADMIN })).status).toBe(401); // the access token is still needed
    expect(lib.assistant.library.list()).toHaveLength(5);
  });

  it("uploads and deletes with both tokens", async () => {
    const added = await upload({ authorization: `Bearer ${ACCESS}`, "x-admin-token": ADMIN });
    expect(added.status).toBe(201);
    const { sources } = (await added.json()) as { sources: Array<{ sourceId: string }> };
    const sourceId = sources[0]!.sourceId;
    expect(
      (
        await fetch(url(`/api/sources/${sourceId}`), {
          method: "DELETE",
          headers: { authorization: `Bearer ${ACCESS}` },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await fetch(url(`/api/sources/${sourceId}`), {
          method: "DELETE",
          headers: { authorization: `Bearer ${ACCESS}`, "x-admin-token": ADMIN },
        })
      ).status,
    ).toBe(200);
  });
});
