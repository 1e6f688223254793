// POST /api/briefings and the Socket.IO `brief` event on the real server with
// real clients (fetch, socket.io-client); the LLM form against the fake model.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlmClient } from "../answer/llm.js";
import type { BriefingDonePayload, BriefingResponseBody, ErrorResponseBody } from "../protocol.js";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { startFakeOpenAI, type FakeOpenAI } from "../test-support/fake-openai.js";
import { startApp, type ChatClient, type RunningApp } from "../test-support/running-app.js";
import { expectSound } from "../test-support/briefing-checks.js";
import type { Briefing } from "./types.js";

let corpus: CorpusIndex;
let server: RunningApp;

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  server = await startApp(corpus);
});
afterAll(async () => {
  await server.close();
  await corpus.cleanup();
});

const text = (docId: string) => corpus.index.articleById.get(docId)!.text;
const post = (body: unknown) =>
  fetch(`${server.url}/api/briefings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

async function expectBadRequest(body: unknown, fragment: string): Promise<void> {
  const response = await post(body);
  expect(response.status).toBe(400);
  const error = ((await response.json()) as ErrorResponseBody).error;
  expect(error.code).toBe("bad_request");
  expect(error.message).toContain(fragment);
}

describe("POST /api/briefings", () => {
  it("answers 200 with a sound briefing", async () => {
    const response = await post({ topic: "产业链党建" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as BriefingResponseBody;
    expect(body.refused).toBeFalsy();
    const briefing = body as Briefing;
    expect(briefing).toMatchObject({ title: "关于“产业链党建”的简报", mode: "extractive" });
    expect(briefing.figures.some((figure) => figure.value === "901个")).toBe(true);
    expectSound(briefing, text);
  });

  it("answers 200 with a refusal for an out-of-corpus topic", async () => {
    const response = await post({ topic: "量子计算在金融业的应用" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ refused: true, message: expect.stringContaining("语料中没有找到") });
  });

  it("takes a scope", async () => {
    const body = (await (await post({ topic: "产业链党建", scope: { province: "江苏省" } })).json()) as Briefing;
    expect(body.citations.every((citation) => citation.source.includes("003_"))).toBe(true);
  });

  it("answers 400 for bad input, naming the field", async () => {
    await expectBadRequest({}, "topic is required");
    await expectBadRequest({ topic: 42 }, "topic must be a string");
    await expectBadRequest({ topic: "   " }, "topic must not be empty");
    await expectBadRequest({ topic: "党".repeat(201) }, "limit is 200");
    await expectBadRequest({ topic: "产业链党建", extra: 1 }, "Unrecognized key");
    await expectBadRequest({ topic: "产业链党建", scope: { province: "火星" } }, "scope.province");
    await expectBadRequest({ topic: "产业链党建", scope: { docId: "../../etc/passwd" } }, "scope.docId");
    await expectBadRequest("[1,2]", "JSON object");
    await expectBadRequest("{not json", "not valid JSON");
  });
});

interface Streamed {
  events: string[];
  points: string[];
  done?: BriefingDonePayload;
  error?: { code: string };
}

function brief(client: ChatClient, payload: unknown): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    const streamed: Streamed = { events: [], points: [] };
    let id = "";
    client.on("briefing:start", (event) => event.id === id && streamed.events.push("start"));
    client.on(
      "briefing:point",
      (event) => event.id === id && (streamed.events.push("point"), streamed.points.push(event.point.text)),
    );
    client.on(
      "briefing:reset",
      (event) => event.id === id && (streamed.events.push("reset"), (streamed.points.length = 0)),
    );
    const finish = () => (
      client
        .off("briefing:start")
        .off("briefing:point")
        .off("briefing:reset")
        .off("briefing:done")
        .off("briefing:error"),
      resolve(streamed)
    );
    client.on(
      "briefing:done",
      (event) => event.id === id && (streamed.events.push("done"), (streamed.done = event), finish()),
    );
    client.on(
      "briefing:error",
      (event) => event.id === id && (streamed.events.push("error"), (streamed.error = event.error), finish()),
    );
    (client.emit as (event: string, ...args: unknown[]) => void)(
      "brief",
      payload,
      (ack: { ok: boolean; id?: string; error?: { code: string; message: string } }) => {
        if (!ack.ok) return reject(Object.assign(new Error(ack.error!.message), { code: ack.error!.code }));
        id = ack.id!;
      },
    );
  });
}

describe("Socket.IO brief", () => {
  it("streams start, each point, then done with the same points", async () => {
    const streamed = await brief(server.connect(), { topic: "新就业群体" });
    expect(streamed.events[0]).toBe("start");
    expect(streamed.events.at(-1)).toBe("done");
    const done = streamed.done as Briefing & { id: string };
    expect(streamed.points).toEqual(done.points.map((point) => point.text));
    expectSound(done, text);
  });

  it("acknowledges bad payloads with an error and never starts", async () => {
    await expect(brief(server.connect(), { topic: "" })).rejects.toMatchObject({ code: "bad_request" });
  });

  it("ends a refusal with done", async () => {
    const streamed = await brief(server.connect(), { topic: "量子计算在金融业的应用" });
    expect(streamed.events).toEqual(["done"]);
    expect(streamed.done).toMatchObject({ refused: true });
  });
});

describe("Socket.IO brief with a model", () => {
  let fake: FakeOpenAI;
  let llmServer: RunningApp;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    llmServer = await startApp(corpus, {
      llm: new LlmClient({ apiKey: "k", baseURL: fake.url, model: "fake-model", timeoutMs: 800 }),
    });
  });
  afterAll(async () => {
    await llmServer.close();
    await fake.close();
  });

  it("streams the model's checked points", async () => {
    fake.script({ kind: "reply", text: "- 要点一[1]。\n- 要点二[2]。\n- 要点三[3]。", deltas: 9 });
    const streamed = await brief(llmServer.connect(), { topic: "产业链党建" });
    expect(streamed.points).toEqual(["要点一[1]。", "要点二[2]。", "要点三[3]。"]);
    expect(streamed.done).toMatchObject({ mode: "llm" });
  });

  it("resets and falls back when the model fails mid-stream", async () => {
    fake.script({ kind: "cut", text: "- 要点一[1]。\n- 要点二[2]。\n- 要点三[3]。", deltas: 9, afterDeltas: 5 });
    const streamed = await brief(llmServer.connect(), { topic: "产业链党建" });
    expect(streamed.events).toContain("reset");
    expect(streamed.done).toMatchObject({ mode: "extractive", notice: expect.stringContaining("离线") });
    expect(streamed.points).toEqual((streamed.done as Briefing).points.map((point) => point.text));
  });
});
