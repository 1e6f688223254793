// The users' tools over the live knowledge base, as the server runs them (a
// library assistant whose answers run on the worker pool): an upload is in the
// scope picker and answerable within its scope at once, the retrieval check
// and the follow-ups see it, a saved briefing may cite it, and after its
// deletion the scope that named it is refused with the field named.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LibraryAssistant } from "./assistant.js";
import type {
  AskResponseBody,
  FollowUps,
  RetrievalCheckResponseBody,
  ScopeOptionsResponseBody,
  SourcesAddedResponseBody,
} from "./protocol.js";
import { TEST_EMBEDDER } from "./test-support/corpus-index.js";
import { expectErrorReply, requestJson } from "./test-support/http.js";
import { makeLibraryDirs, openLibrary, type LibraryDirs } from "./test-support/library-app.js";
import { startApp, type RunningApp } from "./test-support/running-app.js";
import { WorkPool } from "./work-pool.js";

const PAGE_NAME = "淮安 第2版.txt";
const PAGE =
  "淮安市党群服务驿站覆盖城乡\n\n本报记者 周文\n\n" +
  "截至今年6月，淮安市建成党群服务驿站137个，为快递员、外卖骑手等新就业群体提供休息和学习场所。\n\n" +
  "驿站由街道党工委统筹，吸纳志愿者860余名。\n";
const QUESTION = "淮安市建成了多少个党群服务驿站？";

let dirs: LibraryDirs;
let assistant: LibraryAssistant;
let pool: WorkPool;
let server: RunningApp;
let upload: { sourceId: string; source: string };
/** The names of the tasks run on the pool since the last call. */
let poolTasks: () => string[];
const api = (route: string) => `${server.url}/api${route}`;
const ask = (body: unknown) => requestJson<AskResponseBody>(api("/ask"), "POST", body);
const scopeOptions = async () => (await requestJson<ScopeOptionsResponseBody>(api("/scope-options"), "GET")).body;

beforeAll(async () => {
  dirs = await makeLibraryDirs();
  pool = new WorkPool({ threads: 1, maxQueue: 16, budgetMs: 30_000 });
  const run = vi.spyOn(pool, "run");
  poolTasks = () => {
    const names = run.mock.calls.map(([task]) => task.name);
    run.mockClear();
    return names;
  };
  assistant = await openLibrary(dirs, { pooled: { pool, embedder: TEST_EMBEDDER } });
  server = await startApp(assistant);
  const form = new FormData();
  form.append("file", new Blob([PAGE]), PAGE_NAME);
  const response = await fetch(api("/sources"), { method: "POST", body: form });
  expect(response.status).toBe(201);
  const [added] = ((await response.json()) as SourcesAddedResponseBody).sources;
  const listed = (await scopeOptions()).sources.find((option) => option.sourceId === added?.sourceId);
  upload = { sourceId: added!.sourceId, source: listed!.source };
  poolTasks();
}, 120_000);

afterAll(async () => {
  await server.close();
  await assistant.library.close();
  await pool.close();
  await rm(dirs.workDir, { recursive: true, force: true });
});

describe("scope over an upload", () => {
  it("lists the upload in the picker by its name, and answers within its scope from it alone", async () => {
    expect((await scopeOptions()).sources).toContainEqual(
      expect.objectContaining({ sourceId: upload.sourceId, sourceName: PAGE_NAME, articles: 1 }),
    );
    const scoped = (await ask({ question: QUESTION, scope: { sources: [upload.source] } })).body;
    expect(scoped.answer).toContain("137");
    expect(scoped.citations.length).toBeGreaterThan(0);
    expect(scoped.citations.every((citation) => citation.sourceId === upload.sourceId)).toBe(true);
    expect(poolTasks()).toEqual(["answerQuestion"]);
    // A question the seeds answer finds nothing inside the upload.
    const elsewhere = (await ask({ question: "江苏有多少产业链党建联盟?", scope: { sources: [upload.source] } })).body;
    expect(elsewhere.answer).not.toContain("901");
    expect(elsewhere.citations.every((citation) => citation.sourceId === upload.sourceId)).toBe(true);
  });

  it("shows the upload's passages in the retrieval check, computed on the worker pool", async () => {
    poolTasks();
    const { status, body } = await requestJson<RetrievalCheckResponseBody>(api("/retrieve"), "POST", {
      question: QUESTION,
      scope: { sources: [upload.source] },
    });
    expect(status).toBe(200);
    const passages = body.queries.flatMap((query) => query.passages);
    expect(passages.length).toBeGreaterThan(0);
    expect(passages.every((passage) => passage.sourceName === PAGE_NAME)).toBe(true);
    expect(passages[0]?.bm25?.rank).toBe(1);
    expect(body.answer.text).toContain("137");
    expect(passages.some((passage) => passage.cited.length > 0)).toBe(true);
    expect(poolTasks()).toEqual(["checkRetrievalOffline"]);
  });

  it("suggests follow-ups from the uploaded article, and saves a briefing that cites it", async () => {
    const answer = (await ask({ question: QUESTION })).body;
    expect(answer.citations[0]?.sourceId).toBe(upload.sourceId);
    const followUps = await requestJson<FollowUps>(api(`/answers/${answer.answerId}/follow-ups`), "GET");
    expect(followUps.status).toBe(200);
    expect(followUps.body.followUps.join("")).toContain("志愿者");
    // Each candidate follow-up is answered offline, on the pool, before it is offered.
    expect(new Set(poolTasks())).toEqual(new Set(["answerQuestion"]));
    const citation = answer.citations[0]!;
    const point = { text: `淮安市建成驿站137个[${citation.n}]。`, citations: [citation.n] };
    const briefing = { title: "淮安驿站", points: [point], figures: [], citations: [citation], mode: "extractive" };
    const saved = await requestJson<{ briefing: { citations: Array<{ sourceName?: string }> } }>(
      api("/saved-briefings"),
      "POST",
      { topic: "党群服务驿站", briefing },
    );
    expect(saved.status).toBe(201);
    expect(saved.body.briefing.citations[0]?.sourceName).toBe(PAGE_NAME);
  });

  it("drops a deleted source from the picker, and refuses a scope that still names it", async () => {
    expect((await fetch(api(`/sources/${upload.sourceId}`), { method: "DELETE" })).status).toBe(200);
    expect((await scopeOptions()).sources.some((option) => option.sourceId === upload.sourceId)).toBe(false);
    const reply = await ask({ question: QUESTION, scope: { sources: [upload.source] } });
    expect(expectErrorReply(reply, 400, "bad_request")).toContain("scope.sources");
    expect((await ask({ question: QUESTION })).body.citations.some((c) => c.sourceId === upload.sourceId)).toBe(false);
  });
});
