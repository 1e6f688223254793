// Markdown for "copy answer" and "export conversation". Pure functions of the
// stored turns: markers stay as `[n]` and each source is listed under its number,
// so the pasted text still says where each claim came from.
import { markdownLine, markdownSafe } from "../../../server/markdown/text.js";
import { sourceLabel } from "../../../server/markdown/briefing.js";
import type { Citation } from "../../../server/protocol.js";
import type { Conversation, Turn } from "./chat-model.js";
import { errorText } from "./error-messages.js";

/** One source line: `[1] 《标题》 作者 · 来源名`, then the quoted passage. */
function sourceLines(citation: Citation, label: string): string[] {
  const author = citation.author ? ` ${oneLine(citation.author)}` : "";
  const source = sourceLabel(citation);
  return [
    `${label} 《${oneLine(citation.title)}》${author}${source ? ` · ${oneLine(source)}` : ""}`,
    `   > ${oneLine(citation.quote)}`,
  ];
}

/** One line, so a title or quote cannot break the heading or blockquote it sits in; HTML and links neutralised. */
const oneLine = markdownLine;

/** An answer with its sources (or, for a refusal, the related passages that do not answer). */
export function answerToMarkdown(turn: Pick<Turn, "answer" | "citations" | "outcome" | "status" | "error">): string {
  const parts: string[] = [];
  if (turn.status === "error") parts.push(`（出错：${errorText(turn.error)}）`);
  else if (turn.status === "cancelled")
    parts.push(turn.answer.trim() ? `${markdownSafe(turn.answer.trim())}\n\n（已停止生成）` : "（已停止生成）");
  else parts.push(markdownSafe(turn.answer.trim()));

  const outcome = turn.outcome;
  if (outcome?.coverage === "partial" && outcome.missing?.length)
    parts.push(`> 部分内容未在资料中找到：${oneLine(outcome.missing.join("、"))}`);
  if (outcome?.notice) parts.push(`> ${oneLine(outcome.notice)}`);

  if (turn.citations.length > 0) {
    parts.push(["**来源**", "", ...turn.citations.flatMap((c) => sourceLines(c, `[${c.n}]`))].join("\n"));
  }
  const related = outcome?.refused ? (outcome.related ?? []) : [];
  if (related.length > 0) {
    parts.push(
      ["**相关内容（不构成答案）**", "", ...related.flatMap((c, i) => sourceLines(c, `${i + 1}.`))].join("\n"),
    );
  }
  return parts.filter((part) => part !== "").join("\n\n");
}

export function conversationToMarkdown(conversation: Conversation, exportedAt: Date): string {
  const header = [`# ${oneLine(conversation.title)}`, "", `导出时间：${formatDateTime(exportedAt)}`];
  const turns = conversation.turns.map((turn) => {
    const rewritten = turn.rewritten ? `\n\n*理解为：${oneLine(turn.rewritten)}*` : "";
    return `## 问：${oneLine(turn.question)}${rewritten}\n\n${answerToMarkdown(turn)}`;
  });
  return [header.join("\n"), ...turns].join("\n\n---\n\n") + "\n";
}

const pad = (value: number) => String(value).padStart(2, "0");

/** Local time, `2025-06-01 08:05`. */
export function formatDateTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A file name safe on every OS: the title without path or reserved characters, plus a timestamp. */
export function exportFileName(conversation: Pick<Conversation, "title">, exportedAt: Date): string {
  const title = conversation.title
    // Control characters are not allowed in file names on Windows: stripping them is the point.
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, "")
    .replace(/[\s.…]+/g, " ")
    .trim()
    .slice(0, 40);
  const stamp = `${exportedAt.getFullYear()}${pad(exportedAt.getMonth() + 1)}${pad(exportedAt.getDate())}-${pad(exportedAt.getHours())}${pad(exportedAt.getMinutes())}`;
  return `${title || "对话"}-${stamp}.md`;
}
