// A common Chinese official-document style (党政机关公文格式, GB/T 9704) for the
// Word exports: A4 with 37/35/28/26 mm margins, the title in 黑体 二号, body
// text in 仿宋 三号 on a fixed 28 pt line with a two-character indent,
// headings in 黑体 三号, page numbers "— n —" at the foot.
//
// Fonts: each run names 仿宋 or 黑体 for Chinese and Times New Roman for Latin
// text and digits. A .docx cannot carry a fallback list, so where a font is not
// installed the word processor substitutes (Word for Mac maps 仿宋/黑体 to its
// own FangSong/Heiti, LibreOffice asks fontconfig, e.g. for Noto CJK); the
// document default underneath is 宋体, which every Chinese Office has.
import { AlignmentType, Footer, LineRuleType, PageNumber, Paragraph, TextRun, type IRunOptions } from "docx";

export const FANGSONG = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "仿宋", cs: "仿宋" };
export const HEITI = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "黑体", cs: "黑体" };
const SONGTI = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "宋体", cs: "宋体" };

/** Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt. */
export const SIZE = { erhao: 44, sanhao: 32, sihao: 28, xiaosi: 24 } as const;
const MM = 1440 / 25.4; // twips per millimetre
const LINE_EXACT_28PT = { line: 560, lineRule: LineRuleType.EXACT };
const TWO_CHARACTERS = 2 * 320; // first-line indent: two 三号 characters, in twips

export const PAGE = {
  size: { width: 11906, height: 16838 },
  margin: {
    top: Math.round(37 * MM),
    bottom: Math.round(35 * MM),
    left: Math.round(28 * MM),
    right: Math.round(26 * MM),
  },
};

/** The document default (under every named font) and the page-number footer. */
export const DOCUMENT_STYLES = { default: { document: { run: { font: SONGTI, size: SIZE.sanhao } } } };

export function pageNumberFooter(): Footer {
  const run = (children: Array<string | (typeof PageNumber)[keyof typeof PageNumber]>) =>
    new TextRun({ children, font: SONGTI, size: SIZE.sihao });
  return new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(["— ", PageNumber.CURRENT, " —"])] })],
  });
}

const run = (text: string, font: typeof FANGSONG, size: number, extra: Partial<IRunOptions> = {}) =>
  new TextRun({ text, font, size, ...extra });

export function titleParagraph(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 0, after: 240, line: 700, lineRule: LineRuleType.EXACT },
    children: [run(text, HEITI, SIZE.erhao)],
  });
}

/** The date line under the title: "2026年1月2日". */
export function dateParagraph(date: Date, prefix = ""): Paragraph {
  const text = `${prefix}${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`;
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 240, ...LINE_EXACT_28PT },
    children: [run(text, FANGSONG, SIZE.sanhao)],
  });
}

/** A first-level heading: "一、要点". */
export function headingParagraph(text: string): Paragraph {
  return new Paragraph({
    spacing: { before: 120, after: 0, ...LINE_EXACT_28PT },
    indent: { firstLine: TWO_CHARACTERS },
    children: [run(text, HEITI, SIZE.sanhao)],
  });
}

export function bodyParagraph(
  text: string,
  options: { indent?: boolean; size?: number; color?: string } = {},
): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: LINE_EXACT_28PT,
    indent: options.indent === false ? undefined : { firstLine: TWO_CHARACTERS },
    children: [run(text, FANGSONG, options.size ?? SIZE.sanhao, options.color ? { color: options.color } : {})],
  });
}

/** Chinese ordinal numbers for headings: 一、二、三… */
export function chineseOrdinal(n: number): string {
  const digits = "零一二三四五六七八九";
  if (n < 10) return digits[n] ?? String(n);
  if (n < 20) return `十${n % 10 === 0 ? "" : digits[n % 10]}`;
  return `${digits[Math.floor(n / 10)]}十${n % 10 === 0 ? "" : digits[n % 10]}`;
}
