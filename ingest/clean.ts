// Cleaning: turn one extracted newspaper page into classified paragraphs.
//
// The text extraction left artefacts (see DESIGN.md): sentences broken across
// blank lines, markdown residue, photo captions and page furniture mixed into
// the text, and columns interleaved. Cleaning repairs what it can and labels
// every paragraph, so the article splitter can work on structure, not noise.
// Quoted text stays faithful: only markdown markers are removed, punctuation is
// kept as printed (matching normalises it separately, see text.ts).
import { parseByline } from "./names.js";
import { isTerminated, visibleLength } from "./text.js";
import { itemAt } from "./indexed.js";

export type BlockKind =
  | "heading" // a title, kicker, section label or sub-heading
  | "subtitle" // "——我省以高质量党建筑牢新型工业化根基"
  | "byline" // "本报记者 沈童睿"
  | "body"
  | "author-note" // "作者为省政府研究室工业经济研究处副处长": ends an opinion piece
  | "caption" // photo captions and photo credits
  | "furniture"; // editor credits, layout credits, mailbox lines, issue numbers

export interface Block {
  kind: BlockKind;
  text: string;
  /** 1-based line of the page where the paragraph starts (for messages and tests). */
  line: number;
  /** Markdown heading level (#=1) when the page had one. */
  level?: number;
  /** Person names when kind is "byline". */
  names?: string[];
  /** Body text that interrupted another article's sentence (columns interleaved). */
  displaced?: boolean;
}

interface RawParagraph {
  text: string;
  line: number;
  /** Blank lines before the paragraph; two or more mark where a picture stood. */
  gapBefore: number;
  level?: number;
}

const FURNITURE = [
  /^(本版)?(责编|责任编辑|编辑|美编|校对)[:：]/,
  /版式设计[:：]/,
  /投稿邮箱|电子邮箱|^邮箱[:：]/,
  /^(电话|传真|地址)[:：]/,
  /^●.*●$/,
  /^第[\d一二三四五六七八九十百千零〇]+期$/,
  /^——(编者|编辑|本报编辑部)$/, // the signature under an editor's note
  /图片(均)?(由|为).{0,20}提供/,
];
const AUTHOR_NOTE = /^作者(为|系|单位)/;
const PHOTO_CREDIT = /(\s摄|供图[)）]?)$/;
const CAPTION_START = /^(上|下|左|右|中|本|组)图[:：]/;
const POSITION_IN_PHOTO = /[（(](左|右|中)[一二三四五六七八九]?[）)]/;
const MAX_HEADING_LENGTH = 40;
const MAX_FURNITURE_LENGTH = 60;
const MAX_CAPTION_LENGTH = 60;

/** Split a page into paragraphs, strip markdown, and record the gaps that mark pictures. */
export function splitParagraphs(page: string): RawParagraph[] {
  const lines = page
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split("\n");
  const paragraphs: RawParagraph[] = [];
  let blankRun = 0;
  let current: RawParagraph | undefined;
  lines.forEach((rawLine, index) => {
    // trim(): \s with U+00A0 and U+3000, in linear time (a `[\s]+$` pattern rescans a long run of spaces from each
    // of its positions: 85 s on a 300 KB line, issue 14).
    const line = rawLine.trim();
    if (line === "") {
      blankRun++;
      current = undefined;
      return;
    }
    const { text, level } = stripMarkdown(line);
    if (current && level === undefined && current.level === undefined) {
      current.text = joinHalves(current.text, text); // a paragraph wrapped over two lines
    } else {
      current = { text, line: index + 1, gapBefore: paragraphs.length === 0 ? 0 : blankRun, level };
      paragraphs.push(current);
    }
    blankRun = 0;
  });
  return paragraphs.filter((p) => p.text !== "");
}

function stripMarkdown(line: string): { text: string; level?: number } {
  const heading = /^(#{1,6})\s*/.exec(line);
  let text = heading ? line.slice(heading[0].length) : line;
  text = text
    .replace(/^>\s*/, "")
    .replace(/\*\*(.+?)\*\*/g, "$1")
    .replace(/__(.+?)__/g, "$1")
    .trim();
  return heading ? { text, level: itemAt(heading, 1).length } : { text };
}

function classify(paragraph: RawParagraph): Omit<Block, "line"> {
  const { text, level } = paragraph;
  if (looksLikeFurniture(text)) return { kind: "furniture", text };
  if (AUTHOR_NOTE.test(text)) return { kind: "author-note", text };
  if (level !== undefined) return { kind: "heading", text, level };
  const names = parseByline(text);
  if (names) return { kind: "byline", text, names };
  if (looksLikeCaption(paragraph)) return { kind: "caption", text };
  if (looksLikeHeading(text)) {
    return { kind: text.startsWith("——") ? "subtitle" : "heading", text };
  }
  return { kind: "body", text };
}

// Furniture lines are short labels, not sentences: a body paragraph that mentions
// an e-mail box ("发送至区政府电子邮箱，……。") is still body.
function looksLikeFurniture(text: string): boolean {
  if (visibleLength(text) > MAX_FURNITURE_LENGTH || /[，,。]/.test(text)) return false;
  return FURNITURE.some((pattern) => pattern.test(text));
}

function looksLikeCaption({ text, gapBefore }: RawParagraph): boolean {
  if (CAPTION_START.test(text)) return true;
  const short = visibleLength(text) <= MAX_CAPTION_LENGTH;
  if (short && (PHOTO_CREDIT.test(text) || POSITION_IN_PHOTO.test(text))) return true;
  // A short, complete sentence standing alone where a picture was.
  return gapBefore >= 2 && short && isTerminated(text);
}

function looksLikeHeading(text: string): boolean {
  // Lead-ins that end in a dash ("江苏省大力推进产业链党建工作,……——") are headings too.
  if (text.endsWith("——")) return visibleLength(text) <= 2 * MAX_HEADING_LENGTH;
  // "党建赋能创新驱动战略实施——充分发挥……攻克技术" is a run-in head broken mid-sentence.
  if (/.——./.test(text)) return false;
  return visibleLength(text) <= MAX_HEADING_LENGTH && !isTerminated(text) && !/[，,。；;]/.test(text);
}

/**
 * True when the paragraph opens with a one-character fragment ("里，党组织就建到哪里"):
 * the tail of a word that began in another paragraph. Two-character openers
 * ("目前，", "如今，") are ordinary sentence starts, so they do not count.
 */
function startsMidSentence(text: string): boolean {
  return /^[^\p{P}\s][，、。；：,;:]/u.test(text);
}

const INTERLEAVE_LOOKAHEAD = 4;

/**
 * Rejoin body paragraphs that the extraction broke mid-sentence. Captions
 * between the two halves are skipped. When the next paragraph is a fresh
 * sentence but one a little further on starts mid-sentence, the paragraphs in
 * between came from a neighbouring column: they are marked displaced.
 */
function rejoinBrokenParagraphs(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = itemAt(blocks, i);
    out.push(block);
    if (block.kind !== "body") continue;
    while (!isTerminated(block.text)) {
      const next = findContinuation(blocks, i + 1);
      if (next === undefined) break;
      for (let j = i + 1; j < next; j++) {
        const between = itemAt(blocks, j);
        if (between.kind === "body") between.displaced = true;
        out.push(between);
      }
      block.text = joinHalves(block.text, itemAt(blocks, next).text);
      i = next;
    }
  }
  return out;
}

function findContinuation(blocks: Block[], from: number): number | undefined {
  let first = from;
  while (blocks[first]?.kind === "caption") first++;
  if (blocks[first]?.kind !== "body") return undefined;
  if (!startsMidSentence(itemAt(blocks, first).text)) {
    for (let j = first + 1; j < Math.min(blocks.length, first + INTERLEAVE_LOOKAHEAD + 1); j++) {
      const candidate = itemAt(blocks, j);
      if (candidate.kind !== "body" && candidate.kind !== "caption") break;
      if (candidate.kind === "body" && startsMidSentence(candidate.text)) return j;
    }
  }
  return first;
}

function joinHalves(head: string, tail: string): string {
  const latinSeam = /[A-Za-z0-9]$/.test(head) && /^[A-Za-z0-9]/.test(tail);
  return latinSeam ? `${head} ${tail}` : head + tail;
}

/** Clean one page into labelled blocks, broken paragraphs rejoined. */
export function cleanPage(page: string): Block[] {
  const blocks = splitParagraphs(page).map((paragraph) => ({ ...classify(paragraph), line: paragraph.line }));
  return rejoinBrokenParagraphs(blocks);
}
