// The offline briefing on real topics from the seed corpus: every figure is in
// its cited quote, every point cites, no sentence is quoted twice, 3–8 points,
// and an out-of-corpus topic is refused with a message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpusIndex, type CorpusIndex } from "../test-support/corpus-index.js";
import { Briefer } from "./briefer.js";
import { briefingToMarkdown } from "../markdown/briefing.js";
import { expectSound } from "../test-support/briefing-checks.js";
import type { Briefing } from "./types.js";

let corpus: CorpusIndex;
let briefer: Briefer;

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  briefer = new Briefer({ retriever: corpus.retriever });
});
afterAll(() => corpus.cleanup());

async function brief(topic: string, scope?: { province?: string; docId?: string }): Promise<Briefing> {
  const result = await briefer.build({ topic, ...(scope ? { scope } : {}) });
  if (result.refused) throw new Error(`refused: ${result.message}`);
  return result;
}

const TOPICS = ["产业链党建", "省直机关党建成效", "快递进村", "甘肃强工业", "新就业群体", "乡村振兴驻村"];

describe("extractive briefing", () => {
  const text = (docId: string) => corpus.index.articleById.get(docId)!.text;

  it.each(TOPICS)("%s: 3–8 cited points, figures verbatim in their quotes, no sentence twice", async (topic) => {
    const briefing = await brief(topic);
    expect(briefing.title).toBe(`关于“${topic}”的简报`);
    expect(briefing.mode).toBe("extractive");
    expectSound(briefing, text);
  });

  it("产业链党建: Jiangsu's 901个 alliances in the table, labelled and placed", async () => {
    const briefing = await brief("产业链党建");
    const figure = briefing.figures.find((candidate) => candidate.value === "901个");
    expect(figure).toMatchObject({ label: "产业链党建联盟(党委)", place: "江苏" });
    expect(briefing.figures.map((candidate) => candidate.value)).toEqual(
      expect.arrayContaining(["3.61万个", "6.7万家", "42个"]),
    );
    expect(briefing.figures.find((candidate) => candidate.value === "42个")?.place).toBe("贵州");
  });

  it("快递进村 quotes the county's sentences, not a half sentence cut by a paragraph break", async () => {
    const briefing = await brief("快递进村");
    expect(briefing.points.some((point) => point.text.includes("长顺县"))).toBe(true);
    for (const citation of briefing.citations) expect(citation.quote).toMatch(/[。！？；][”’」』）)"']*$/);
  });

  it("reads a request wrapper as its topic", async () => {
    const briefing = await brief("整理一份关于产业链党建的简报");
    expect(briefing.title).toBe("关于“产业链党建”的简报");
  });

  it("refuses an out-of-corpus topic with a clear message, not an empty document", async () => {
    const result = await briefer.build({ topic: "量子计算在金融业的应用" });
    expect(result).toEqual({
      refused: true,
      message: expect.stringContaining("语料中没有找到关于“量子计算在金融业的应用”的内容"),
    });
  });

  it("keeps to a province scope, and refuses when the scope holds nothing on the topic", async () => {
    const briefing = await brief("产业链党建", { province: "江苏" });
    expect(briefing.citations.every((citation) => citation.source === "seeds/003_518b5102fb447ec0.txt")).toBe(true);
    expect(await briefer.build({ topic: "快递进村", scope: { province: "江苏" } })).toMatchObject({
      refused: true,
      message: expect.stringContaining("限定江苏"),
    });
  });

  it("keeps to an article scope", async () => {
    const briefing = await brief("新就业群体", { docId: "001_03a8d35b681066be-a04" });
    expect(new Set(briefing.citations.map((citation) => citation.docId))).toEqual(
      new Set(["001_03a8d35b681066be-a04"]),
    );
  });

  it("streams each point as it is ready, with its citation", async () => {
    const streamed: string[] = [];
    let title = "";
    const result = await briefer.build(
      { topic: "新就业群体" },
      {
        onStart: (info) => (title = info.title),
        onPoint: (point, citations) => streamed.push(`${point.text}|${citations.map((c) => c.n).join()}`),
      },
    );
    expect(title).toBe("关于“新就业群体”的简报");
    expect(streamed).toEqual((result as Briefing).points.map((point) => `${point.text}|${point.citations.join()}`));
  });

  it("renders Markdown with points, the figures table and numbered sources", async () => {
    const markdown = briefingToMarkdown(await brief("产业链党建"));
    expect(markdown).toMatch(/^# 关于“产业链党建”的简报\n/);
    expect(markdown).toContain("| 901个 | 产业链党建联盟(党委) | 江苏 |");
    expect(markdown).toMatch(/\n1\. .+\[1\]/);
    expect(markdown).toContain("[1] 《");
    // Sources are named by their readable name, never by the code file name.
    expect(markdown).toMatch(/\[\d+\] 《党建聚合力 发展增动能》 沈童睿\n/);
    expect(markdown).not.toContain("003_518b5102fb447ec0.txt");
  });
});
