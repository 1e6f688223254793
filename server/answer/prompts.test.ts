import { describe, expect, it } from "vitest";
import { formatHistory, formatPassages, loadPrompt, PromptError, renderChatPrompt, renderPrompt } from "./prompts.js";
import { passageOf } from "../test-support/passages.js";

const JIANGSU = passageOf(
  1,
  "产业链上党旗红",
  "seeds/003_518b5102fb447ec0.txt",
  "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。",
);
const GUIZHOU = passageOf(
  2,
  "红色引擎驱动工业腾飞",
  "seeds/000_e0a201f519d5c824.txt",
  "省工信厅推动建立42个产业链党建联盟，促进重点项目落地。\n",
);

describe("renderPrompt", () => {
  it("replaces every placeholder, spaces inside the braces allowed", () => {
    expect(renderPrompt("问题：{{question}}；再说一遍：{{ question }}", { question: "江苏有多少个联盟？" })).toBe(
      "问题：江苏有多少个联盟？；再说一遍：江苏有多少个联盟？",
    );
  });

  it("throws on a placeholder without a value, naming it", () => {
    expect(() => renderPrompt("{{question}} {{passages}}", { question: "q" })).toThrow(/\{\{passages\}\} has no value/);
  });

  it("inserts values literally, without expanding placeholders inside them", () => {
    expect(renderPrompt("{{passages}}|{{question}}", { passages: "原文写着 {{question}} 和 $&", question: "问" })).toBe(
      "原文写着 {{question}} 和 $&|问",
    );
  });
});

describe("renderChatPrompt", () => {
  it("splits at the ---USER--- line", () => {
    expect(renderChatPrompt("系统说明\n---USER---\n问题：{{question}}\n", { question: "那贵州呢？" })).toEqual({
      system: "系统说明",
      user: "问题：那贵州呢？",
    });
  });

  it("refuses a template without the separator", () => {
    expect(() => renderChatPrompt("只有一段 {{question}}", { question: "q" })).toThrow(PromptError);
  });
});

describe("loadPrompt", () => {
  it("loads prompts/answer.txt with its placeholders and rules", () => {
    const template = loadPrompt("answer");
    expect(template).toBe(loadPrompt("answer"));
    const { system, user } = renderChatPrompt(template, {
      question: "江苏建立了多少个产业链党建联盟？",
      passages: formatPassages([JIANGSU]),
    });
    expect(system).toContain("[n]");
    expect(system).toContain("无法回答：");
    expect(system).not.toContain("{{");
    expect(user).toContain("[1] 《产业链上党旗红》（seeds/003_518b5102fb447ec0.txt）\n截至目前");
    expect(user.endsWith("问题：江苏建立了多少个产业链党建联盟？")).toBe(true);
  });

  it("loads prompts/rewrite.txt with history and question placeholders", () => {
    const { user } = renderChatPrompt(loadPrompt("rewrite"), {
      history: "用户：江苏建立了多少个产业链党建联盟？",
      question: "那贵州呢？",
    });
    expect(user).toContain("用户：江苏建立了多少个产业链党建联盟？");
    expect(user).toContain("追问：那贵州呢？");
  });

  it("names the missing file", () => {
    expect(() => loadPrompt("no-such-prompt")).toThrow(/prompts\/no-such-prompt\.txt/);
    expect(() => loadPrompt("../package")).toThrow(PromptError);
  });
});

describe("formatPassages", () => {
  it("numbers passages with title and source, one blank line apart", () => {
    expect(formatPassages([JIANGSU, GUIZHOU])).toBe(
      "[1] 《产业链上党旗红》（seeds/003_518b5102fb447ec0.txt）\n截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。\n\n" +
        "[2] 《红色引擎驱动工业腾飞》（seeds/000_e0a201f519d5c824.txt）\n省工信厅推动建立42个产业链党建联盟，促进重点项目落地。",
    );
  });
});

describe("formatHistory", () => {
  it("keeps the last turns, labelled, with long answers cut", () => {
    const history = [
      { role: "user" as const, content: "旧问题" },
      { role: "user" as const, content: "江苏建立了多少个产业链党建联盟？" },
      { role: "assistant" as const, content: `江苏省累计建立产业链党建联盟901个[1]。${"很长".repeat(200)}` },
    ];
    const text = formatHistory(history, 2, 24);
    expect(text).toBe("用户：江苏建立了多少个产业链党建联盟？\n助手：江苏省累计建立产业链党建联盟901个[1]。很长…");
    expect(formatHistory([])).toBe("（无）");
  });
});
