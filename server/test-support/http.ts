// Small fetch helpers for integration tests against a running app.
import { expect } from "vitest";
import type { ErrorResponseBody } from "../protocol.js";

export interface JsonReply<T> {
  status: number;
  body: T;
}

export async function requestJson<T>(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonReply<T>> {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as T };
}

/** The reply is the error `code` with `status`, a message a user can act on, no stack trace; returns the message. */
export function expectErrorReply(reply: JsonReply<unknown>, status: number, code: string): string {
  expect(reply.status).toBe(status);
  const { error } = reply.body as ErrorResponseBody;
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  expect(JSON.stringify(reply.body)).not.toMatch(/at \w+ \(|node_modules/);
  return error.message;
}
