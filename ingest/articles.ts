// Article splitting: group a cleaned page's blocks into articles, the unit a
// citation names. Page layout rules this relies on (all seen in the seeds):
// - a run of headings followed by a by-line starts an article; the heading just
//   before the by-line (or a markdown `#` heading) is the title, earlier ones are
//   the column and kicker;
// - several plain headings in a row start an article too (column + title); a
//   single heading inside an article is a sub-heading;
// - a title + by-line followed straight by another article's head belongs to the
//   body *above* it ("看准了就坚定不移抓 / 张洋" printed under its column);
// - "作者为……" closes an opinion piece;
// - body paragraphs that cleaning marked displaced (columns interleaved) belong
//   to the article before the one they interrupted.
import type { Article, ArticleParagraph } from "./article.js";
import type { Block } from "./clean.js";
import { parseDatelineAuthors } from "./names.js";
import { itemAt, lastItem, MissingValueError } from "./indexed.js";

export type { Article, ArticleParagraph } from "./article.js";

interface Draft {
  title?: string;
  names: string[];
  section?: string;
  deck: string[];
  authorNote?: string;
  blocks: Block[];
  closed: boolean;
}

const HEAD_KINDS = new Set(["heading", "subtitle", "byline"]);

/** Where a page's articles come from; a bare seed file name means "seeds/<name>". */
export interface ArticleOrigin {
  sourceId: string;
  source: string;
  sourceName: string;
}

/** Split one cleaned page into articles, with docIds `<sourceId>-aNN`. */
export function splitArticles(blocks: Block[], from: ArticleOrigin | string): Article[] {
  const origin =
    typeof from === "string"
      ? { sourceId: from.replace(/\.[^.]+$/, ""), source: `seeds/${from}`, sourceName: from }
      : from;
  const drafts: Draft[] = [];
  for (let i = 0; i < blocks.length;) {
    const block = itemAt(blocks, i);
    if (HEAD_KINDS.has(block.kind)) {
      // A caption between two headings separates them: a sub-heading over a
      // picture is not the column label of the next heading.
      let end = i;
      while (end < blocks.length && HEAD_KINDS.has(itemAt(blocks, end).kind)) end++;
      placeHeadGroup(blocks.slice(i, end), drafts);
      i = end;
      continue;
    }
    const current = drafts.at(-1);
    if (block.kind === "caption" || block.kind === "furniture") {
      // photo captions and page furniture are not article text
    } else if (block.kind === "author-note") {
      if (current) {
        current.authorNote = block.text;
        current.closed = true;
      }
    } else if (block.displaced && drafts.length >= 2) {
      itemAt(drafts, drafts.length - 2).blocks.push(block);
    } else if (current && !current.closed) {
      current.blocks.push(block);
    } else {
      drafts.push(newDraft([], [block]));
    }
    i++;
  }
  return drafts
    .filter((draft) => draft.blocks.some((block) => block.kind === "body"))
    .map((draft, index) => toArticle(draft, `${origin.sourceId}-a${String(index + 1).padStart(2, "0")}`, origin));
}

function newDraft(head: Block[], blocks: Block[] = []): Draft {
  const draft: Draft = { names: [], deck: [], blocks, closed: false };
  applyHead(draft, head);
  return draft;
}

/** Decide what a run of consecutive headings and by-lines means. */
function placeHeadGroup(group: Block[], drafts: Draft[]): void {
  // Split the run after each by-line: every part but the last is a complete
  // title + by-line with no body under it, i.e. a trailing head for the text above.
  const parts: Block[][] = [[]];
  for (const block of group) {
    lastItem(parts).push(block);
    if (block.kind === "byline") parts.push([]);
  }
  if (lastItem(parts).length === 0) parts.pop();
  const last = lastItem(parts);
  parts.pop();
  for (const trailing of parts) attachTrailingHead(trailing, drafts);

  const current = drafts.at(-1);
  if (!current || current.closed || startsArticle(last)) {
    drafts.push(newDraft(last));
  } else {
    current.blocks.push(...last); // sub-heading(s) inside the current article
  }
}

function startsArticle(group: Block[]): boolean {
  if (group.some((block) => block.kind === "byline" || block.level === 1)) return true;
  const headings = group.filter((block) => block.kind === "heading");
  // With markdown, levels say it: "##" + "###" is a section head inside an article.
  if (headings.some((block) => block.level !== undefined)) return false;
  return headings.length >= 2;
}

function attachTrailingHead(head: Block[], drafts: Draft[]): void {
  const current = drafts.at(-1);
  if (!current) {
    drafts.push(newDraft(head));
    return;
  }
  // The body above started at the last column-level heading inside the current
  // article ("## 金台潮声"): split it off as its own article.
  const splitAt = findLastIndex(
    current.blocks,
    (block, index) => index > 0 && block.kind === "heading" && (block.level ?? 2) <= 2,
  );
  if (splitAt > 0) {
    const [column, ...body] = current.blocks.splice(splitAt);
    const draft = newDraft(head, body);
    draft.section = column?.text;
    drafts.push(draft);
  } else if (current.names.length === 0) {
    // The current article's own heading was a column label ("纵深推进“三抓三促”行动").
    const columnLabel = current.title;
    applyHead(current, head);
    current.section = columnLabel ?? current.section;
  } else {
    drafts.push(newDraft(head)); // a head whose body is missing from the page
  }
  lastItem(drafts).closed = true;
}

function applyHead(draft: Draft, head: Block[]): void {
  const headings = head.filter((block) => block.kind === "heading");
  const bylineAt = head.findIndex((block) => block.kind === "byline");
  const beforeByline = bylineAt >= 0 ? headings.filter((block) => head.indexOf(block) < bylineAt) : headings;
  const title =
    headings.find((block) => block.level === 1) ??
    (bylineAt >= 0 ? beforeByline.at(-1) : longest(headings)) ??
    headings.at(-1);
  if (title) draft.title = title.text;
  draft.names = head.flatMap((block) => block.names ?? []);
  const others = head.filter((block) => block !== title && block.kind !== "byline");
  const firstOther = others[0];
  if (firstOther && firstOther.kind === "heading" && title && head.indexOf(firstOther) < head.indexOf(title)) {
    draft.section = firstOther.text;
    draft.deck = others.slice(1).map((block) => block.text);
  } else {
    draft.deck = others.map((block) => block.text);
  }
}

function longest(blocks: Block[]): Block | undefined {
  // Column labels are short ("短评", "党建速递"); titles are longer. Ties go to the later one.
  return blocks.reduce<Block | undefined>(
    (best, block) => (!best || block.text.length >= best.text.length ? block : best),
    undefined,
  );
}

function findLastIndex<T>(items: T[], predicate: (item: T, index: number) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(itemAt(items, i), i)) return i;
  return -1;
}

function toArticle(draft: Draft, docId: string, origin: ArticleOrigin): Article {
  const paragraphs: ArticleParagraph[] = [];
  let text = "";
  for (const block of draft.blocks) {
    if (text !== "") text += "\n\n";
    paragraphs.push({
      kind: block.kind === "body" ? "body" : "heading",
      start: text.length,
      end: text.length + block.text.length,
    });
    text += block.text;
  }
  const firstBody = draft.blocks.find((block) => block.kind === "body");
  // A draft is made from a body block (splitArticles drops the others): none is a bug here.
  if (!firstBody) throw new MissingValueError(`article ${docId} has no body paragraph`);
  const names = draft.names.length > 0 ? draft.names : parseDatelineAuthors(firstBody.text);
  return {
    docId,
    sourceId: origin.sourceId,
    source: origin.source,
    sourceName: origin.sourceName,
    title: draft.title ?? firstBody.text.slice(0, 20),
    ...(names.length > 0 ? { author: names.join(" ") } : {}),
    ...(draft.section ? { section: draft.section } : {}),
    deck: draft.deck,
    ...(draft.authorNote ? { authorNote: draft.authorNote } : {}),
    text,
    paragraphs,
  };
}
