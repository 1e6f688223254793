// The Word export opened again: unzip the .docx built by the same function the
// page uses, read word/document.xml, find the title, a point's marker, a
// figure from the table and a source.
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { Briefing } from "../../../server/protocol.js";
import { briefingDocxBytes, briefingFileName, type ExportedBriefing } from "./briefing-docx.js";
import { JIANGSU_CITATION } from "./test-fixtures.js";

const BRIEFING: Briefing = {
  title: "关于“产业链党建”的简报 <b>测试</b>",
  points: [{ text: "截至目前,江苏省累计建立产业链党建联盟(党委)901个。[1]", citations: [1] }],
  figures: [{ value: "901个", label: "产业链党建联盟(党委)", place: "江苏", citation: 1 }],
  citations: [JIANGSU_CITATION],
  mode: "extractive",
};

async function documentXml(briefing: ExportedBriefing, date?: Date): Promise<string> {
  const files = unzipSync(new Uint8Array(await briefingDocxBytes(briefing, date)));
  return strFromU8(files["word/document.xml"]!);
}

describe("briefing .docx", () => {
  it("holds the title, the points with markers, the figures table and the sources", async () => {
    const xml = await documentXml(BRIEFING);
    // Markup in the title is escaped text, never elements.
    expect(xml).toContain("关于“产业链党建”的简报 &lt;b&gt;测试&lt;/b&gt;");
    expect(xml).toContain("901个。[1]");
    expect(xml).toContain("<w:tbl>");
    expect(xml).toMatch(/<w:t[^>]*>901个<\/w:t>/);
    expect(xml).toContain("产业链党建联盟(党委)");
    expect(xml).toContain("[1] 《党建聚合力 发展增动能》 沈童睿（003_518b5102fb447ec0.txt）");
  });

  it("is laid out as an official document: 黑体 title and headings, 仿宋 body, date, sections, margins", async () => {
    const edited = { ...BRIEFING, points: [{ ...BRIEFING.points[0]!, edited: true }] };
    const xml = await documentXml(edited, new Date(2026, 0, 2));
    expect(xml).toMatch(/w:eastAsia="黑体"[^]*?关于“产业链党建”的简报/);
    expect(xml).toMatch(/<w:sz w:val="44"\/>/); // 二号 title
    expect(xml).toContain("2026年1月2日");
    expect(xml).toContain("一、要点");
    expect(xml).toContain("二、关键数据");
    expect(xml).toContain("三、来源");
    expect(xml).toMatch(/w:eastAsia="仿宋"[^]*?1．截至目前/);
    expect(xml).toContain("（已编辑）");
    expect(xml).toMatch(/<w:spacing[^>]*w:line="560"[^>]*w:lineRule="exact"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
  });

  it("leaves the table out when there are no figures", async () => {
    expect(await documentXml({ ...BRIEFING, figures: [] })).not.toContain("<w:tbl>");
  });

  it("names the file after the title", () => {
    expect(briefingFileName("关于“产业链党建”的简报", "docx")).toBe("关于“产业链党建”的简报.docx");
    expect(briefingFileName('a/b:c*?"<>| d', "md")).toBe("a_b_c_d.md");
    expect(briefingFileName("", "md")).toBe("简报.md");
  });
});
