// Saved briefings through the real routes: a briefing built by POST
// /api/briefings is saved (its quotes checked against the index), listed,
// edited (reordered, a point removed, a point rewritten keeping its citation),
// given a chat answer as a point, and deleted; tampered or unknown input is
// refused with a clear error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AskResponseBody,
  Briefing,
  BriefingResponseBody,
  SavedBriefing,
  SavedBriefingListResponseBody,
  SavedBriefingResponseBody,
} from "../../protocol.js";
import { buildCorpusIndex, type CorpusIndex } from "../../test-support/corpus-index.js";
import { expectErrorReply, requestJson } from "../../test-support/http.js";
import { startApp, type RunningApp } from "../../test-support/running-app.js";

let corpus: CorpusIndex;
let server: RunningApp;
let built: Briefing;
let saved: SavedBriefing;
const api = (path: string) => `${server.url}/api${path}`;

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  server = await startApp(corpus);
  const reply = await requestJson<BriefingResponseBody>(api("/briefings"), "POST", { topic: "产业链党建" });
  if (reply.body.refused) throw new Error("the briefing on 产业链党建 was refused");
  built = reply.body;
});

afterAll(async () => {
  await server.close();
  await corpus.cleanup();
});

describe("saving and listing", () => {
  it("saves a built briefing with point ids and lists it", async () => {
    const reply = await requestJson<SavedBriefingResponseBody>(api("/saved-briefings"), "POST", {
      topic: "产业链党建",
      briefing: built,
    });
    expect(reply.status).toBe(201);
    saved = reply.body.briefing;
    expect(saved.id).toMatch(/^b-/);
    expect(saved.title).toBe("关于“产业链党建”的简报");
    expect(saved.points.map((point) => point.id)).toEqual(built.points.map((_point, i) => `p${i + 1}`));
    expect(saved.points.map((point) => point.text)).toEqual(built.points.map((point) => point.text));
    expect(saved.figures.map((figure) => figure.value)).toContain("901个");
    const list = await requestJson<SavedBriefingListResponseBody>(api("/saved-briefings"), "GET");
    expect(list.body.briefings[0]).toMatchObject({ id: saved.id, topic: "产业链党建", points: built.points.length });
  });

  it("refuses a briefing whose quote is not the article's text, or that cites a missing passage", async () => {
    const tampered = {
      ...built,
      citations: built.citations.map((c, i) => (i === 0 ? { ...c, quote: `${c.quote}（改）` } : c)),
    };
    const reply = await requestJson(api("/saved-briefings"), "POST", { topic: "产业链党建", briefing: tampered });
    expect(expectErrorReply(reply, 400, "bad_request")).toContain("is not the text of");
    const dangling = { ...built, points: [{ text: "一句话[99]", citations: [99] }] };
    const second = await requestJson(api("/saved-briefings"), "POST", { topic: "产业链党建", briefing: dangling });
    expect(expectErrorReply(second, 400, "bad_request")).toContain("[99]");
    expect(
      expectErrorReply(await requestJson(api("/saved-briefings"), "POST", { briefing: built }), 400, "bad_request"),
    ).toContain("topic");
  });
});

describe("editing", () => {
  it("reorders, removes and rewrites points; a rewritten point keeps its citation and is marked edited", async () => {
    const [first, second, third] = saved.points;
    if (!first || !second || !third) throw new Error("the briefing needs three points");
    const firstQuote = saved.citations.find((citation) => citation.n === first.citations[0])?.quote;
    const reply = await requestJson<SavedBriefingResponseBody>(api(`/saved-briefings/${saved.id}`), "PUT", {
      title: "产业链党建学习简报",
      points: [
        { id: third.id, text: third.text },
        { id: first.id, text: "江苏以产业链党建联盟聚合链上企业党组织。" },
      ],
    });
    expect(reply.status).toBe(200);
    const edited = reply.body.briefing;
    expect(edited.title).toBe("产业链党建学习简报");
    expect(edited.points.map((point) => point.id)).toEqual([third.id, first.id]);
    expect(edited.points[0]).not.toHaveProperty("edited");
    expect(edited.points[1]).toMatchObject({
      edited: true,
      text: "江苏以产业链党建联盟聚合链上企业党组织。[2]",
      citations: [2],
    });
    expect(edited.points[1]?.originalText).toContain(firstQuote?.slice(0, 10));
    // Renumbered in order of use; the removed point's passage and its figures are gone.
    expect(edited.citations.map((citation) => citation.n)).toEqual([1, 2]);
    expect(edited.citations[1]?.quote).toBe(firstQuote);
    expect(edited.figures.every((figure) => figure.citation === 1 || figure.citation === 2)).toBe(true);
    saved = edited;
  });

  it("unmarks a point rewritten back to its original words", async () => {
    const point = saved.points[1]!;
    const reply = await requestJson<SavedBriefingResponseBody>(api(`/saved-briefings/${saved.id}`), "PUT", {
      points: [
        { id: saved.points[0]!.id, text: saved.points[0]!.text },
        { id: point.id, text: point.originalText },
      ],
    });
    expect(reply.body.briefing.points[1]).not.toHaveProperty("edited");
    saved = reply.body.briefing;
  });

  it("refuses an unknown point id, a repeated one and an unknown briefing", async () => {
    const unknown = await requestJson(api(`/saved-briefings/${saved.id}`), "PUT", {
      points: [{ id: "p99", text: "…" }],
    });
    expect(expectErrorReply(unknown, 400, "bad_request")).toContain('"p99" is not a point');
    const twice = await requestJson(api(`/saved-briefings/${saved.id}`), "PUT", {
      points: [saved.points[0], saved.points[0]].map((p) => ({ id: p!.id, text: p!.text })),
    });
    expect(expectErrorReply(twice, 400, "bad_request")).toContain("listed twice");
    const missing = await requestJson(api("/saved-briefings/b-00000000-0000-4000-8000-000000000000"), "PUT", {
      points: [],
    });
    expectErrorReply(missing, 404, "not_found");
    expectErrorReply(await requestJson(api("/saved-briefings/..%2F..%2Fetc"), "GET"), 404, "not_found");
  });
});

describe("adding a chat answer", () => {
  it("appends the answer's lead as a point with its citation merged in", async () => {
    const answer = (
      await requestJson<AskResponseBody>(api("/ask"), "POST", {
        question: "贵州省工信厅推动建立了多少个产业链党建联盟？",
      })
    ).body;
    const reply = await requestJson<SavedBriefingResponseBody>(api(`/saved-briefings/${saved.id}/points`), "POST", {
      answerId: answer.answerId,
    });
    expect(reply.status).toBe(200);
    const added = reply.body.briefing.points.at(-1)!;
    expect(added).toMatchObject({
      fromAnswerId: answer.answerId,
      citations: [3],
      text: "省工信厅推动建立42个产业链党建联盟[3]。",
    });
    expect(reply.body.briefing.citations[2]?.quote).toContain("42个产业链党建联盟");
    const refused = (
      await requestJson<AskResponseBody>(api("/ask"), "POST", { question: "浙江省建立了多少个产业链党建联盟？" })
    ).body;
    const noPoint = await requestJson(api(`/saved-briefings/${saved.id}/points`), "POST", {
      answerId: refused.answerId,
    });
    expect(expectErrorReply(noPoint, 400, "bad_request")).toContain("refusal");
  });

  it("deletes a saved briefing", async () => {
    const reply = await fetch(api(`/saved-briefings/${saved.id}`), { method: "DELETE" });
    expect(reply.status).toBe(204);
    expectErrorReply(await requestJson(api(`/saved-briefings/${saved.id}`), "GET"), 404, "not_found");
  });
});
