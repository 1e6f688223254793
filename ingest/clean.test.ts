import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanPage, splitParagraphs, type Block, type BlockKind } from "./clean.js";

const SEEDS = new URL("../seeds/", import.meta.url);
const PAGE_FILES = {
  "000": "000_e0a201f519d5c824.txt",
  "001": "001_03a8d35b681066be.txt",
  "002": "002_54d2f36e2aadab4b.txt",
  "003": "003_518b5102fb447ec0.txt",
  "004": "004_4fe301b4031d4404.txt",
} as const;
type PageKey = keyof typeof PAGE_FILES;

const pages = Object.fromEntries(
  Object.entries(PAGE_FILES).map(([key, file]) => [key, cleanPage(readFileSync(new URL(file, SEEDS), "utf8"))]),
) as Record<PageKey, Block[]>;
const allBlocks = Object.values(pages).flat();

/** The one block of `page` whose text contains `fragment` (fails when there is not exactly one). */
function blockWith(page: PageKey, fragment: string): Block {
  const found = pages[page].filter((block) => block.text.includes(fragment));
  expect(
    found.map((block) => block.text),
    `blocks containing ${fragment}`,
  ).toHaveLength(1);
  return found[0]!;
}

function kindOf(page: PageKey, fragment: string): BlockKind {
  return blockWith(page, fragment).kind;
}

describe("cleanPage: paragraphs broken across blank lines are rejoined", () => {
  it("joins 全省新型工业化“青 / 年论剑”活动决赛现场 into one body paragraph (000)", () => {
    const bodies = pages["000"].filter(
      (block) => block.kind === "body" && block.text.includes("“青年论剑”活动决赛现场"),
    );
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.text).toContain("共青团贵州省委主办的全省新型工业化“青年论剑”活动决赛现场，我省工信青年");
    expect(pages["000"].some((block) => block.text.endsWith("“青"))).toBe(false);
    expect(pages["000"].some((block) => block.text.startsWith("年论剑"))).toBe(false);
  });

  it("joins 毛宁介 / 绍，大家普遍反映 (001)", () => {
    const block = blockWith("001", "毛宁介绍，大家普遍反映");
    expect(block.kind).toBe("body");
    expect(block.text.startsWith("“此前，我们多次组织人员深入村寨")).toBe(true);
    expect(pages["001"].some((other) => other.text.startsWith("绍，"))).toBe(false);
  });

  it("joins 党员是身份，攻坚是行动，项目 / 是重点。 (001)", () => {
    const block = blockWith("001", "党员是身份");
    expect(block).toMatchObject({ kind: "body", text: "党员是身份，攻坚是行动，项目是重点。", line: 23 });
  });

  it("skips the photo captions between …谋划和推进，深入 and 实施抓党建促发展… (002)", () => {
    const joined = blockWith("002", "谋划和推进，深入实施抓党建促发展质量提升行动");
    expect(joined.kind).toBe("body");
    expect(joined.line).toBe(49);
    expect(kindOf("002", "省工业和信息化厅组织干部赴医药企业开展生产经营情况帮扶指导。")).toBe("caption");
    expect(kindOf("002", "为主题开展演讲比赛。")).toBe("caption");
    expect(kindOf("002", "大力实施党员干部政治能力提升行动。")).toBe("caption");
    expect(pages["002"].some((block) => block.text.startsWith("实施抓党建促发展"))).toBe(false);
  });
});

describe("cleanPage: interleaved columns (001)", () => {
  const displacedStarts = ["“企业全响应服务中心", "在贵安综合保税区，产业链党建落在了了", "“我们将继续推动链上企业"];

  it("marks the three paragraphs from the neighbouring column displaced", () => {
    for (const start of displacedStarts) {
      const block = pages["001"].find((candidate) => candidate.text.startsWith(start));
      expect(block, start).toMatchObject({ kind: "body", displaced: true });
    }
    expect(pages["001"].filter((block) => block.displaced)).toHaveLength(3);
  });

  it("joins …实现产业链延伸到哪 with 里，党组织就建到哪里 across them", () => {
    const block = blockWith("001", "实现产业链延伸到哪里，党组织就建到哪里、党的工作就开展到哪里");
    expect(block.kind).toBe("body");
    expect(block.displaced).toBeUndefined();
    expect(block.text.startsWith("党的二十大报告强调")).toBe(true);
    expect(block.text.endsWith("以高质量党建“链”起高质量发展澎湃动能。")).toBe(true);
  });

  it("marks nothing displaced on pages whose columns did not interleave", () => {
    for (const key of ["000", "002", "003", "004"] as const) {
      expect(
        pages[key].filter((block) => block.displaced),
        key,
      ).toEqual([]);
    }
  });
});

describe("cleanPage: markdown residue", () => {
  it("strips **bold** markers: **5100余个** → 5100余个 (002)", () => {
    expect(blockWith("002", "省直机关基层党组织达5100余个，党支部标准化规范化建设100%达标").kind).toBe("body");
    expect(allBlocks.filter((block) => block.text.includes("*"))).toEqual([]);
  });

  it("turns # headings into heading blocks with their level and no #", () => {
    expect(blockWith("003", "党建聚合力 发展增动能")).toMatchObject({
      kind: "heading",
      level: 1,
      text: "党建聚合力 发展增动能",
      line: 7,
    });
    expect(blockWith("003", "强组织,建机制——")).toMatchObject({ kind: "heading", level: 2, text: "强组织,建机制——" });
    expect(pages["003"].find((block) => block.text === "把链上企业党组织聚合起来")).toMatchObject({
      kind: "heading",
      level: 3,
    });
    expect(allBlocks.filter((block) => block.text.includes("#"))).toEqual([]);
  });
});

describe("cleanPage: block kinds on real lines", () => {
  it("classifies titles, subtitles and by-lines", () => {
    expect(pages["000"].slice(0, 3)).toEqual([
      { kind: "heading", text: "红色引擎驱动工业腾飞", line: 3 },
      { kind: "subtitle", text: "——我省以高质量党建筑牢新型工业化根基", line: 5 },
      { kind: "byline", text: "张建 秦声", line: 7, names: ["张建", "秦声"] },
    ]);
    expect(blockWith("003", "本报记者 沈童睿")).toMatchObject({ kind: "byline", names: ["沈童睿"] });
  });

  it("classifies photo captions and photo credits as caption", () => {
    expect(blockWith("000", "(受访者供图)")).toMatchObject({
      kind: "caption",
      text: "位于贵州大龙经济开发区的中伟新材料股份有限公司厂区。(受访者供图)",
    });
    expect(kindOf("000", "工人在生产线上忙碌。杨涛 摄")).toBe("caption");
    expect(kindOf("000", "工人在全新易拉罐生产线上作业。杨涛 摄")).toBe("caption");
    expect(blockWith("003", "上图:陈昊在一危岩隐患点进行测量。")).toMatchObject({
      kind: "caption",
      text: "上图:陈昊在一危岩隐患点进行测量。",
    });
    expect(kindOf("003", "左图:陈昊(右一)与同事")).toBe("caption");
    expect(kindOf("001", "熊明伟（右）走访群众。（受访者供图）")).toBe("caption");
    expect(blockWith("001", "丁蓉蓉 吴贤燕 摄")).toMatchObject({ kind: "caption", text: "丁蓉蓉 吴贤燕 摄" });
  });

  it("classifies editor credits, layout credits, mailbox lines and issue numbers as furniture", () => {
    expect(blockWith("002", "本版责编：")).toMatchObject({
      kind: "furniture",
      text: "本版责编：高发强 熊瑛 张元斌 严颀版式设计：王 玉",
    });
    expect(kindOf("002", "（本版图片由省直机关工委提供）")).toBe("furniture");
    expect(kindOf("003", "版式设计:沈亦伶 张丹峰")).toBe("furniture");
    expect(kindOf("003", "——编者")).toBe("furniture");
    expect(blockWith("004", "投稿邮箱")).toMatchObject({ kind: "furniture", text: "理论版投稿邮箱:gsrbllb@163.com" });
    expect(blockWith("004", "第二一九二期")).toMatchObject({ kind: "furniture", text: "● 第二一九二期 ●" });
    expect(kindOf("004", "电话:0931-8159443")).toBe("furniture");
  });

  it("classifies 作者为…… / 作者单位 lines as author-note", () => {
    expect(blockWith("004", "作者为省政府研究室工业经济研究处副处长")).toMatchObject({
      kind: "author-note",
      text: "作者为省政府研究室工业经济研究处副处长",
      line: 49,
    });
    expect(kindOf("004", "作者单位：甘肃农业大学")).toBe("author-note");
    expect(pages["004"].filter((block) => block.kind === "author-note")).toHaveLength(4);
  });

  it("keeps column labels as headings, not by-lines", () => {
    for (const [page, label] of [
      ["001", "多彩新论"],
      ["001", "党建速递"],
      ["001", "六盘水市"],
      ["002", "短评"],
      ["003", "金台潮声"],
    ] as const) {
      expect(pages[page].find((block) => block.text === label)?.kind, label).toBe("heading");
    }
  });
});

describe("splitParagraphs", () => {
  it("joins a CJK paragraph wrapped over two lines without a space", () => {
    expect(splitParagraphs("党员是身份，攻坚是行动，\n项目是重点。")[0]!.text).toBe(
      "党员是身份，攻坚是行动，项目是重点。",
    );
  });

  // Regression (fixed): splitParagraphs (clean.ts) appends a wrapped line with `current.text += text`, so in a
  // hard-wrapped .md/.txt page with Latin text, "…was set up\nin the park…" becomes "set upin".
  // Expected "The party branch was set up in the industrial park."; actual "…set upin the industrial park."
  it("keeps a space where a Latin paragraph was wrapped", () => {
    expect(splitParagraphs("The party branch was set up\nin the industrial park.")[0]!.text).toBe(
      "The party branch was set up in the industrial park.",
    );
  });

  it("records line numbers and the blank-line gap before each paragraph", () => {
    const paragraphs = splitParagraphs("标题\n\n第一段。\n\n\n\n图片说明。\n\n第二段。");
    expect(paragraphs).toEqual([
      { text: "标题", line: 1, gapBefore: 0, level: undefined },
      { text: "第一段。", line: 3, gapBefore: 1, level: undefined },
      { text: "图片说明。", line: 7, gapBefore: 3, level: undefined },
      { text: "第二段。", line: 9, gapBefore: 1, level: undefined },
    ]);
  });
});

describe("cleanPage keeps body text that merely mentions furniture words", () => {
  // Regression (fixed): classify (clean.ts) tests the unanchored FURNITURE patterns (/投稿邮箱|电子邮箱|…/, /版式设计[:：]/,
  // /图片(均)?(由|为).{0,20}提供/) on every paragraph, whatever its length, so a long body paragraph that
  // mentions 电子邮箱 is labelled furniture and dropped from its article. Expected kind "body"; actual "furniture".
  it("classifies a long body paragraph that mentions 电子邮箱 as body", () => {
    const paragraph =
      "市民可将意见建议发送至区政府电子邮箱，相关部门将在5个工作日内答复，目前已收到各类建议300余条，办结率达到98%。";
    expect(cleanPage(`第一段正文。\n\n${paragraph}\n\n第三段正文。`)[1]).toEqual({
      kind: "body",
      text: paragraph,
      line: 3,
    });
  });
});

describe("cleanPage on synthetic pages", () => {
  it("handles CRLF line endings and a byte-order mark like LF", () => {
    const lf =
      "# 党建聚合力 发展增动能\n\n本报记者 沈童睿\n\n江苏省累计建立产业链党建联盟(党委)901个，覆盖\n\n企业6.7万家。\n";
    const crlf = `\uFEFF${lf.replace(/\n/g, "\r\n")}`;
    const blocks = cleanPage(crlf);
    expect(blocks).toEqual(cleanPage(lf));
    expect(blocks).toEqual([
      { kind: "heading", text: "党建聚合力 发展增动能", line: 1, level: 1 },
      { kind: "byline", text: "本报记者 沈童睿", line: 3, names: ["沈童睿"] },
      { kind: "body", text: "江苏省累计建立产业链党建联盟(党委)901个，覆盖企业6.7万家。", line: 5 },
    ]);
    expect(blocks.some((block) => /[\r\uFEFF]/.test(block.text))).toBe(false);
  });

  it("keeps an HTML line as literal text inside a body block", () => {
    const html = "<img src=x onerror=alert(1)>";
    const blocks = cleanPage(`一段正文开始了。\n${html}\n这段正文结束了。\n`);
    expect(blocks).toEqual([{ kind: "body", text: `一段正文开始了。${html}这段正文结束了。`, line: 1 }]);
  });

  it("keeps a standalone HTML line verbatim (no stripping or escaping)", () => {
    const html = "<img src=x onerror=alert(1)>";
    const blocks = cleanPage(`第一段正文。\n\n${html}\n\n第二段正文。`);
    expect(blocks.map((block) => block.text)).toEqual(["第一段正文。", html, "第二段正文。"]);
  });
});
