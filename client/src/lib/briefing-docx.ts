// A briefing as a Word document in the official-document style of
// docx-style.ts, built in the browser (and in Node for the tests) with `docx`:
// the title, the date, the key points with their [n] markers, the figures
// table and the numbered sources. Every string goes in as a text run, so
// nothing from the corpus is interpreted as markup.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { Briefing } from "../../../server/protocol.js";
import { citationLabel } from "./citation-label.js";
import { stripCitationMarkers } from "./citation-segments.js";
import {
  bodyParagraph,
  chineseOrdinal,
  dateParagraph,
  DOCUMENT_STYLES,
  FANGSONG,
  HEITI,
  headingParagraph,
  PAGE,
  pageNumberFooter,
  SIZE,
  titleParagraph,
} from "./docx-style.js";

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: "000000" };

function cell(text: string, header = false): TableCell {
  const font = header ? HEITI : FANGSONG;
  return new TableCell({
    children: [
      new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font, size: SIZE.sihao })] }),
    ],
  });
}

function figuresTable(briefing: Briefing): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: {
      top: BORDER,
      bottom: BORDER,
      left: BORDER,
      right: BORDER,
      insideHorizontal: BORDER,
      insideVertical: BORDER,
    },
    rows: [
      new TableRow({ tableHeader: true, children: ["数据", "指标", "地区", "来源"].map((text) => cell(text, true)) }),
      ...briefing.figures.map(
        (figure) =>
          new TableRow({
            children: [cell(figure.value), cell(figure.label), cell(figure.place ?? "—"), cell(`[${figure.citation}]`)],
          }),
      ),
    ],
  });
}

/** A briefing as exported: points rewritten by a person say so in the document too. */
export type ExportedBriefing = Omit<Briefing, "points"> & {
  points: Array<Briefing["points"][number] & { edited?: boolean }>;
};

export function briefingDocument(briefing: ExportedBriefing, generatedAt = new Date()): Document {
  let section = 0;
  const heading = (text: string) => headingParagraph(`${chineseOrdinal(++section)}、${text}`);
  const children: Array<Paragraph | Table> = [titleParagraph(briefing.title), dateParagraph(generatedAt)];
  if (briefing.notice) children.push(bodyParagraph(`注：${stripCitationMarkers(briefing.notice)}`));
  children.push(heading("要点"));
  briefing.points.forEach((point, i) =>
    children.push(bodyParagraph(`${i + 1}．${point.text}${point.edited ? "（已编辑）" : ""}`)),
  );
  if (briefing.figures.length > 0) children.push(heading("关键数据"), figuresTable(briefing));
  children.push(heading("来源"));
  for (const citation of briefing.citations) {
    children.push(
      bodyParagraph(citationLabel(citation)),
      bodyParagraph(`“${citation.quote}”`, { size: SIZE.sihao, color: "404040" }),
    );
  }
  return new Document({
    creator: "新闻问答助手",
    title: briefing.title,
    styles: DOCUMENT_STYLES,
    sections: [{ properties: { page: PAGE }, footers: { default: pageNumberFooter() }, children }],
  });
}

/** The .docx bytes, the same in the browser and in Node. */
export async function briefingDocxBytes(briefing: ExportedBriefing, generatedAt = new Date()): Promise<ArrayBuffer> {
  return Packer.toArrayBuffer(briefingDocument(briefing, generatedAt));
}

/** A file name from the title: characters Windows and macOS refuse are replaced. */
export function briefingFileName(title: string, extension: "md" | "docx"): string {
  const base =
    title
      .replace(/[\\/:*?"<>|\s]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 60) || "简报";
  return `${base}.${extension}`;
}
