// The conversation's Word export opened again: each question as a heading,
// its answer with the [n] markers, and that answer's sources; the same
// official-document faces as the briefing export.
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { Conversation } from "./chat-model.js";
import { conversationDocxBytes, conversationDocxFileName } from "./conversation-docx.js";
import { GUIZHOU_CITATION, JIANGSU_ANSWER, JIANGSU_CITATION } from "./test-fixtures.js";

const outcome = {
  refused: false,
  coverage: "answered" as const,
  mode: "extractive" as const,
  timings: { rewriteMs: 0, retrieveMs: 1, answerMs: 1, totalMs: 2 },
};
const CONVERSATION: Conversation = {
  id: "c1",
  title: "江苏有多少产业链党建联盟?",
  createdAt: 1,
  updatedAt: 2,
  turns: [
    {
      id: "t1",
      question: "江苏有多少产业链党建联盟?",
      askedAt: 1,
      status: "done",
      answer: `${JIANGSU_ANSWER}\n\n原文：“…”[1]`,
      citations: [JIANGSU_CITATION],
      outcome,
    },
    {
      id: "t2",
      question: "那贵州呢？",
      askedAt: 2,
      status: "done",
      rewritten: "贵州有多少产业链党建联盟？",
      answer: "省工信厅推动建立42个产业链党建联盟[1]。",
      citations: [GUIZHOU_CITATION],
      outcome,
    },
    {
      id: "t3",
      question: "浙江呢？",
      askedAt: 3,
      status: "error",
      answer: "",
      citations: [],
      error: { code: "rate_limited", message: "请 12 秒后再试" },
    },
  ],
};

async function documentXml(): Promise<string> {
  const files = unzipSync(new Uint8Array(await conversationDocxBytes(CONVERSATION, new Date(2026, 5, 1, 8, 5))));
  return strFromU8(files["word/document.xml"]!);
}

describe("conversation .docx", () => {
  it("holds every question, its answer with markers and its sources, in 黑体 headings and 仿宋 text", async () => {
    const xml = await documentXml();
    expect(xml).toContain("导出于 2026年6月1日");
    expect(xml).toMatch(/w:eastAsia="黑体"[^]*?一、问：江苏有多少产业链党建联盟\?/);
    expect(xml).toContain("江苏省累计建立产业链党建联盟(党委)901个[1]。");
    expect(xml).toContain("[1] 《党建聚合力 发展增动能》 沈童睿（003_518b5102fb447ec0.txt）");
    expect(xml).toContain("二、问：那贵州呢？");
    expect(xml).toContain("（理解为：贵州有多少产业链党建联盟？）");
    expect(xml).toContain("三、问：浙江呢？");
    expect(xml).toContain("（出错：");
    expect(xml).toContain('w:eastAsia="仿宋"');
  });

  it("is named like the Markdown export, as .docx", () => {
    expect(conversationDocxFileName(CONVERSATION, new Date(2026, 5, 1, 8, 5))).toBe(
      "江苏有多少产业链党建联盟-20260601-0805.docx",
    );
  });
});
