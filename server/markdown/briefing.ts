// A briefing as Markdown: title, key points with [n] markers, the figures table
// and the numbered sources. Pure and free of Node imports (server/layout.test.ts checks it): the CLI and the web
// client both render with it. Every text from the corpus or the model goes
// through markdown/text.ts: escaped HTML, no live non-http(s) links.
import type { Citation } from "../answer/types.js";
import { markdownCell as cell, markdownLine as line } from "./text.js";
import type { Briefing } from "../briefing/types.js";

/**
 * The source a citation names, for people: its readable name (older saved
 * citations have only the file path), or nothing when that is the article's
 * own title (a page known by its lead article).
 */
export function sourceLabel(citation: Pick<Citation, "source" | "sourceName" | "title">): string | undefined {
  const name = citation.sourceName ?? citation.source.split("/").pop() ?? citation.source;
  return name === citation.title || name === "" ? undefined : name;
}

export function briefingToMarkdown(briefing: Briefing, options: { generatedAt?: Date } = {}): string {
  const lines: string[] = [`# ${line(briefing.title)}`, ""];
  if (options.generatedAt)
    lines.push(
      `> 生成时间：${options.generatedAt.toLocaleString("zh-CN", { hour12: false })}\u3000方式：${briefing.mode === "llm" ? "模型撰写" : "离线摘录"}`,
      "",
    );
  if (briefing.notice) lines.push(`> 注意：${line(briefing.notice)}`, "");
  lines.push("## 要点", "");
  briefing.points.forEach((point, i) => lines.push(`${i + 1}. ${line(point.text)}`));
  lines.push("");
  if (briefing.figures.length > 0) {
    lines.push("## 关键数据", "", "| 数据 | 指标 | 地区 | 来源 |", "| --- | --- | --- | --- |");
    for (const figure of briefing.figures)
      lines.push(
        `| ${cell(figure.value)} | ${cell(figure.label)} | ${cell(figure.place ?? "—")} | [${figure.citation}] |`,
      );
    lines.push("");
  }
  lines.push("## 来源", "");
  for (const citation of briefing.citations) {
    const author = citation.author ? ` ${line(citation.author)}` : "";
    const source = sourceLabel(citation);
    lines.push(`[${citation.n}] 《${line(citation.title)}》${author}${source ? `（${line(source)}）` : ""}`);
    lines.push(`    “${line(citation.quote)}”`);
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
