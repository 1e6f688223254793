// A briefing as a Word document, built in the browser (and in Node for the
// tests) with `docx`: the title, the key points with their [n] markers, the
// figures table and the numbered sources. Every string goes in as a text run,
// so nothing from the corpus is interpreted as markup.
import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { sourceLabel } from "../../../server/briefing/markdown.js";
import type { Briefing } from "../../../server/protocol.js";

const FONT = { ascii: "Calibri", eastAsia: "Microsoft YaHei", hAnsi: "Calibri" };
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: "BFBFBF" };

function headerCell(text: string): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold: true, font: FONT })] })], shading: { fill: "EEF3F1" } });
}

function cell(text: string): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, font: FONT })] })] });
}

function figuresTable(briefing: Briefing): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    rows: [
      new TableRow({ tableHeader: true, children: ["数据", "指标", "地区", "来源"].map(headerCell) }),
      ...briefing.figures.map((figure) => new TableRow({ children: [cell(figure.value), cell(figure.label), cell(figure.place ?? "—"), cell(`[${figure.citation}]`)] })),
    ],
  });
}

export function briefingDocument(briefing: Briefing): Document {
  const heading = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 120 }, children: [new TextRun({ text, font: FONT })] });
  const children: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: briefing.title, font: FONT })] }),
  ];
  if (briefing.notice) children.push(new Paragraph({ children: [new TextRun({ text: `注意：${briefing.notice}`, italics: true, font: FONT })] }));
  children.push(heading("要点"));
  briefing.points.forEach((point, i) => children.push(new Paragraph({ spacing: { after: 80 }, children: [new TextRun({ text: `${i + 1}. ${point.text}`, font: FONT })] })));
  if (briefing.figures.length > 0) children.push(heading("关键数据"), figuresTable(briefing));
  children.push(heading("来源"));
  for (const citation of briefing.citations) {
    const source = sourceLabel(citation);
    children.push(
      new Paragraph({ children: [new TextRun({ text: `[${citation.n}] 《${citation.title}》${citation.author ? ` ${citation.author}` : ""}${source ? `（${source}）` : ""}`, font: FONT })] }),
      new Paragraph({ indent: { left: 360 }, spacing: { after: 100 }, children: [new TextRun({ text: `“${citation.quote}”`, color: "5B6068", size: 20, font: FONT })] }),
    );
  }
  return new Document({ creator: "新闻问答助手", title: briefing.title, sections: [{ children }] });
}

/** The .docx bytes, the same in the browser and in Node. */
export async function briefingDocxBytes(briefing: Briefing): Promise<ArrayBuffer> {
  return Packer.toArrayBuffer(briefingDocument(briefing));
}

/** A file name from the title: characters Windows and macOS refuse are replaced. */
export function briefingFileName(title: string, extension: "md" | "docx"): string {
  const base = title.replace(/[\\/:*?"<>|\s]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 60) || "简报";
  return `${base}.${extension}`;
}
