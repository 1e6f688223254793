import { describe, expect, it } from "vitest";
import type { Conversation, Turn } from "./chat-model.js";
import { answerToMarkdown, conversationToMarkdown, exportFileName } from "./markdown-export.js";
import { GUIZHOU_CITATION, JIANGSU_ANSWER, JIANGSU_CITATION } from "./test-fixtures.js";

const answeredTurn: Turn = {
  id: "t1",
  question: "江苏有多少产业链党建联盟?",
  askedAt: 0,
  status: "done",
  answer: JIANGSU_ANSWER,
  citations: [JIANGSU_CITATION],
  outcome: {
    refused: false,
    coverage: "answered",
    mode: "extractive",
    timings: { rewriteMs: 0, retrieveMs: 0, answerMs: 0, totalMs: 0 },
  },
};

const refusedTurn: Turn = {
  id: "t2",
  question: "浙江省建立了多少个产业链党建联盟？",
  askedAt: 0,
  status: "done",
  answer: "语料中没有找到关于“浙江省”的信息，无法回答这个问题。",
  citations: [],
  outcome: {
    refused: true,
    coverage: "not_found",
    related: [GUIZHOU_CITATION],
    mode: "extractive",
    timings: { rewriteMs: 0, retrieveMs: 0, answerMs: 0, totalMs: 0 },
  },
};

describe("answerToMarkdown", () => {
  it("keeps the markers and lists each source under its number", () => {
    expect(answerToMarkdown(answeredTurn)).toBe(
      [
        "江苏省累计建立产业链党建联盟(党委)901个[1]。",
        "",
        "**来源**",
        "",
        "[1] 《党建聚合力 发展增动能》 沈童睿 · 003_518b5102fb447ec0.txt",
        "   > 截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。",
      ].join("\n"),
    );
  });

  it("names a source by its readable name, and not at all when it is the article's own title", () => {
    const named = { ...JIANGSU_CITATION, sourceName: "江苏 第3版.pdf" };
    const untitled = { ...JIANGSU_CITATION, sourceName: JIANGSU_CITATION.title };
    expect(answerToMarkdown({ ...answeredTurn, citations: [named] })).toContain("沈童睿 · 江苏 第3版.pdf\n");
    expect(answerToMarkdown({ ...answeredTurn, citations: [untitled] })).toContain("沈童睿\n");
  });

  it("labels a refusal's passages as related, not as sources", () => {
    const markdown = answerToMarkdown(refusedTurn);
    expect(markdown).toContain(
      "**相关内容（不构成答案）**\n\n1. 《赋能现代化 产业体系建设》 · 002_54d2f36e2aadab4b.txt",
    );
    expect(markdown).not.toContain("**来源**");
  });

  it("shows partial coverage and the fallback notice as quotes", () => {
    const markdown = answerToMarkdown({
      ...answeredTurn,
      outcome: {
        ...answeredTurn.outcome!,
        coverage: "partial",
        missing: ["浙江"],
        notice: "模型暂时不可用，以下为摘录回答。",
      },
    });
    expect(markdown).toContain("> 部分内容未在资料中找到：浙江");
    expect(markdown).toContain("> 模型暂时不可用，以下为摘录回答。");
  });
});

describe("markup from the corpus or the model", () => {
  it("is escaped and its non-http(s) links are broken, in answers, questions, titles and quotes", () => {
    const injected = '<img src=x onerror="alert(1)"><script>alert(2)</script>[点此](javascript:alert(3))';
    const turn: Turn = {
      ...answeredTurn,
      question: `问题${injected}`,
      answer: `江苏901个[1]。${injected}\n[1]: javascript:alert(4)`,
      citations: [{ ...JIANGSU_CITATION, title: injected, quote: injected }],
    };
    const markdown = conversationToMarkdown(
      { id: "c2", title: injected, createdAt: 0, updatedAt: 0, turns: [turn] },
      new Date(2025, 5, 1),
    );
    expect(markdown).not.toMatch(/<(img|script)\b/);
    expect(markdown).not.toContain("](javascript:");
    expect(markdown).not.toMatch(/^\[1\]:/m);
    expect(markdown).toContain("江苏901个[1]。&lt;img");
  });
});

describe("conversationToMarkdown", () => {
  it("writes a title, each question as a heading, the rewrite, and separators", () => {
    const conversation: Conversation = {
      id: "c1",
      title: "江苏有多少产业链党建联盟?",
      createdAt: 0,
      updatedAt: 0,
      turns: [answeredTurn, { ...refusedTurn, rewritten: "浙江省建立了多少个产业链党建联盟？" }],
    };
    const markdown = conversationToMarkdown(conversation, new Date(2025, 5, 1, 8, 5));
    expect(
      markdown.startsWith(
        "# 江苏有多少产业链党建联盟?\n\n导出时间：2025-06-01 08:05\n\n---\n\n## 问：江苏有多少产业链党建联盟?\n\n江苏省",
      ),
    ).toBe(true);
    expect(markdown).toContain(
      "## 问：浙江省建立了多少个产业链党建联盟？\n\n*理解为：浙江省建立了多少个产业链党建联盟？*",
    );
    expect(markdown.split("\n---\n")).toHaveLength(3);
    expect(markdown.endsWith("\n")).toBe(true);
  });
});

describe("exportFileName", () => {
  it("removes path and reserved characters and adds a timestamp", () => {
    expect(exportFileName({ title: "../江苏:有多少?*联盟…" }, new Date(2025, 5, 1, 8, 5))).toBe(
      "江苏有多少联盟-20250601-0805.md",
    );
    expect(exportFileName({ title: "///" }, new Date(2025, 0, 9, 23, 59))).toBe("对话-20250109-2359.md");
  });
});
