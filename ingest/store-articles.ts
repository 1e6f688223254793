// articles.bin: the cleaned articles as columns of UTF-16 strings and typed arrays (binary-file.ts).
// At 1000× the seeds, JSON lines took 1.5 s to parse (most of it decoding UTF-8 Chinese text);
// these columns decode in a copy per string. A field the writer does not know is refused, not
// dropped: a new Article field needs a column here.
import type { Article, ArticleParagraph } from "./article.js";
import {
  BinaryFormatError,
  packStrings,
  stringsOf,
  unpackStrings,
  writeBinaryFile,
  type BinaryFile,
} from "./binary-file.js";
import { itemAt } from "./indexed.js";

/** Strings every article stores, in this order (an absent optional one is stored empty and flagged). */
const STRING_FIELDS = [
  "docId",
  "sourceId",
  "source",
  "sourceName",
  "title",
  "author",
  "section",
  "authorNote",
  "text",
] as const;
const OPTIONAL_FIELDS = ["author", "section", "authorNote"] as const;
const KNOWN_FIELDS = new Set<string>([...STRING_FIELDS, "deck", "paragraphs"]);
const PARAGRAPH_KINDS = ["heading", "body"] as const;

export async function writeArticles(file: string, articles: readonly Article[]): Promise<void> {
  for (const article of articles) {
    const unknown = Object.keys(article).find((key) => !KNOWN_FIELDS.has(key));
    if (unknown) throw new Error(`article ${article.docId} has a field "${unknown}" that articles.bin does not store`);
  }
  const fields = packStrings(articles.flatMap((article) => STRING_FIELDS.map((field) => article[field] ?? "")));
  const absent = Uint8Array.from(articles, (article) =>
    OPTIONAL_FIELDS.reduce((flags, field, bit) => (article[field] === undefined ? flags | (1 << bit) : flags), 0),
  );
  const deck = packStrings(articles.flatMap((article) => article.deck));
  const paragraphs = articles.flatMap((article) => article.paragraphs);
  await writeBinaryFile(
    file,
    { articles: articles.length },
    {
      fieldChars: fields.chars,
      fieldEnds: fields.ends,
      absent,
      deckChars: deck.chars,
      deckEnds: deck.ends,
      deckStarts: runningStarts(articles.map((article) => article.deck.length)),
      paragraphStarts: runningStarts(articles.map((article) => article.paragraphs.length)),
      paragraphKinds: Uint8Array.from(paragraphs, (paragraph) => PARAGRAPH_KINDS.indexOf(paragraph.kind)),
      paragraphSpans: Uint32Array.from(paragraphs.flatMap((paragraph) => [paragraph.start, paragraph.end])),
    },
  );
}

export function decodeArticles(table: BinaryFile): Article[] {
  const count = (table.meta as { articles?: unknown }).articles;
  if (typeof count !== "number") throw new BinaryFormatError("it does not say how many articles it holds");
  const columns = {
    fields: unpackStrings(table.section("fieldChars", "u16"), table.section("fieldEnds", "u32")),
    absent: table.section("absent", "u8"),
    deck: stringsOf(table.section("deckChars", "u16")),
    deckEnds: table.section("deckEnds", "u32"),
    deckStarts: table.section("deckStarts", "u32"),
    paragraphStarts: table.section("paragraphStarts", "u32"),
    kinds: table.section("paragraphKinds", "u8"),
    spans: table.section("paragraphSpans", "u32"),
  };
  const { fields, absent, deckStarts, deckEnds, paragraphStarts, kinds, spans } = columns;
  const agree =
    fields.length === count * STRING_FIELDS.length &&
    absent.length === count &&
    deckStarts.length === count + 1 &&
    deckStarts[count] === deckEnds.length &&
    paragraphStarts.length === count + 1 &&
    paragraphStarts[count] === kinds.length &&
    spans.length === kinds.length * 2;
  if (!agree) throw new BinaryFormatError("its columns do not agree on the number of articles");
  return Array.from({ length: count }, (_, i) => decodeArticle(columns, i));
}

type Columns = {
  fields: string[];
  deck: (start: number, end: number) => string;
  absent: Uint8Array;
  deckEnds: Uint32Array;
  deckStarts: Uint32Array;
  paragraphStarts: Uint32Array;
  kinds: Uint8Array;
  spans: Uint32Array;
};

function decodeArticle(columns: Columns, i: number): Article {
  const { fields, deckEnds, deckStarts, paragraphStarts, kinds, spans } = columns;
  const at = i * STRING_FIELDS.length;
  const value = (slot: number) => itemAt(fields, at + slot);
  const deck: string[] = [];
  for (let d = itemAt(deckStarts, i); d < itemAt(deckStarts, i + 1); d++)
    deck.push(columns.deck(d === 0 ? 0 : itemAt(deckEnds, d - 1), itemAt(deckEnds, d)));
  const paragraphs: ArticleParagraph[] = [];
  for (let p = itemAt(paragraphStarts, i); p < itemAt(paragraphStarts, i + 1); p++) {
    const kind = PARAGRAPH_KINDS[itemAt(kinds, p)];
    if (!kind) throw new BinaryFormatError(`paragraph ${p} has an unknown kind`);
    paragraphs.push({ kind, start: itemAt(spans, 2 * p), end: itemAt(spans, 2 * p + 1) });
  }
  const article: Article = {
    docId: value(0),
    sourceId: value(1),
    source: value(2),
    sourceName: value(3),
    title: value(4),
    deck,
    text: value(8),
    paragraphs,
  };
  OPTIONAL_FIELDS.forEach((name, bit) => {
    if (!(itemAt(columns.absent, i) & (1 << bit))) article[name] = value(STRING_FIELDS.indexOf(name));
  });
  return article;
}

/** [0, c0, c0 + c1, …]: where each article's run of items starts, and the total at the end. */
function runningStarts(counts: number[]): Uint32Array {
  const starts = new Uint32Array(counts.length + 1);
  counts.forEach((count, i) => (starts[i + 1] = itemAt(starts, i) + count));
  return starts;
}
