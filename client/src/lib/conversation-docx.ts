// A conversation as a Word document, in the same official-document style as the
// briefing export: the title, the export date, then each question (黑体) with
// its answer (仿宋, [n] markers kept) and that answer's numbered sources.
import { Document, Packer, type Paragraph } from "docx";
import type { Conversation, Turn } from "./chat-model.js";
import { citationLabel } from "./citation-label.js";
import {
  bodyParagraph,
  chineseOrdinal,
  dateParagraph,
  DOCUMENT_STYLES,
  headingParagraph,
  PAGE,
  pageNumberFooter,
  SIZE,
  titleParagraph,
} from "./docx-style.js";
import { errorText } from "./error-messages.js";
import { exportFileName } from "./markdown-export.js";

function answerParagraphs(turn: Turn): Paragraph[] {
  if (turn.status === "error") return [bodyParagraph(`（出错：${errorText(turn.error)}）`)];
  const text = turn.answer.trim() || (turn.status === "cancelled" ? "（已停止生成）" : "（没有回答）");
  const paragraphs = text.split(/\n\s*\n/).map((paragraph) => bodyParagraph(paragraph.replace(/\s*\n\s*/g, "")));
  if (turn.outcome?.notice) paragraphs.push(bodyParagraph(`注：${turn.outcome.notice}`, { size: SIZE.sihao }));
  const sources = turn.outcome?.refused ? [] : turn.citations;
  if (sources.length > 0) paragraphs.push(bodyParagraph("来源：", { size: SIZE.sihao }));
  for (const citation of sources) {
    const line = `${citationLabel(citation)}：“${citation.quote}”`;
    paragraphs.push(bodyParagraph(line, { size: SIZE.sihao, color: "404040" }));
  }
  return paragraphs;
}

export function conversationDocument(conversation: Conversation, exportedAt: Date): Document {
  const children: Paragraph[] = [titleParagraph(conversation.title), dateParagraph(exportedAt, "导出于 ")];
  conversation.turns.forEach((turn, i) => {
    children.push(headingParagraph(`${chineseOrdinal(i + 1)}、问：${turn.question.replace(/\s+/g, " ").trim()}`));
    if (turn.rewritten) children.push(bodyParagraph(`（理解为：${turn.rewritten}）`, { size: SIZE.sihao }));
    children.push(...answerParagraphs(turn));
  });
  return new Document({
    creator: "新闻问答助手",
    title: conversation.title,
    styles: DOCUMENT_STYLES,
    sections: [{ properties: { page: PAGE }, footers: { default: pageNumberFooter() }, children }],
  });
}

export async function conversationDocxBytes(conversation: Conversation, exportedAt: Date): Promise<ArrayBuffer> {
  return Packer.toArrayBuffer(conversationDocument(conversation, exportedAt));
}

export function conversationDocxFileName(conversation: Pick<Conversation, "title">, exportedAt: Date): string {
  return exportFileName(conversation, exportedAt).replace(/\.md$/, ".docx");
}
