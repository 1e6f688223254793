// A briefing as Markdown: title, key points with [n] markers, the figures table
// and the numbered sources. Pure and free of Node imports: the CLI and the web
// client both render with it.
import type { Citation } from "../answer/types.js";
import type { Briefing } from "./types.js";

/** Table cells must not break the table: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ").trim();
}

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
  const lines: string[] = [`# ${briefing.title}`, ""];
  if (options.generatedAt) lines.push(`> 生成时间：${options.generatedAt.toLocaleString("zh-CN", { hour12: false })}　方式：${briefing.mode === "llm" ? "模型撰写" : "离线摘录"}`, "");
  if (briefing.notice) lines.push(`> 注意：${briefing.notice}`, "");
  lines.push("## 要点", "");
  briefing.points.forEach((point, i) => lines.push(`${i + 1}. ${point.text.replace(/\s*\n\s*/g, " ")}`));
  lines.push("");
  if (briefing.figures.length > 0) {
    lines.push("## 关键数据", "", "| 数据 | 指标 | 地区 | 来源 |", "| --- | --- | --- | --- |");
    for (const figure of briefing.figures) lines.push(`| ${cell(figure.value)} | ${cell(figure.label)} | ${cell(figure.place ?? "—")} | [${figure.citation}] |`);
    lines.push("");
  }
  lines.push("## 来源", "");
  for (const citation of briefing.citations) {
    const source = sourceLabel(citation);
    lines.push(`[${citation.n}] 《${citation.title}》${citation.author ? ` ${citation.author}` : ""}${source ? `（${source}）` : ""}`);
    lines.push(`    “${citation.quote.replace(/\s*\n\s*/g, " ")}”`);
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
