// The index's tables on disk (store.ts): BM25 postings, chunk spans and the IDF table as typed
// arrays in binary files (binary-file.ts), articles as JSON lines — each line a small string, so
// no string the size of the corpus is ever built, and the arrays are views on the bytes read.
// A chunk is stored as its article and span: its text is the article's text between the offsets.
import { open, readFile } from "node:fs/promises";
import type { Article } from "./article.js";
import type { Bm25Tables } from "./bm25.js";
import type { Chunk } from "./chunk.js";
import type { IdfTable } from "./embed.js";
import { BinaryFormatError, packStrings, readBinaryFile, unpackStrings, writeBinaryFile } from "./binary-file.js";

export async function writeLexical(file: string, tables: Bm25Tables): Promise<void> {
  const { k1, b, liveDocuments, documentLengths, termStarts, documents, frequencies } = tables;
  const terms = packStrings(tables.terms);
  await writeBinaryFile(file, { k1, b, liveDocuments: liveDocuments ?? null }, {
    documentLengths, termStarts, documents, frequencies, termBytes: terms.blob, termEnds: terms.ends,
  });
}

export async function readLexical(file: string): Promise<Bm25Tables> {
  const table = await readBinaryFile(file);
  const meta = table.meta as { k1: number; b: number; liveDocuments: number | null };
  const terms = unpackStrings(table.section("termBytes", "u8"), table.section("termEnds", "u32"));
  const termStarts = table.section("termStarts", "u32");
  const documents = table.section("documents", "i32");
  if (termStarts.length !== terms.length + 1 || termStarts[terms.length] !== documents.length)
    throw new BinaryFormatError("its term offsets do not match its postings");
  return {
    k1: meta.k1,
    b: meta.b,
    ...(meta.liveDocuments === null ? {} : { liveDocuments: meta.liveDocuments }),
    documentLengths: table.section("documentLengths", "u32"),
    terms,
    termStarts,
    documents,
    frequencies: table.section("frequencies", "u32"),
  };
}

export const chunkIdOf = (docId: string, index: number) => `${docId}-c${String(index).padStart(3, "0")}`;

/** Chunks as (article, position, start, end); each must be the span of its article it claims to be. */
export async function writeChunks(file: string, chunks: Chunk[], articles: Article[]): Promise<void> {
  const position = new Map(articles.map((article, i) => [article.docId, i]));
  const columns = { article: new Uint32Array(chunks.length), index: new Uint32Array(chunks.length),
    start: new Uint32Array(chunks.length), end: new Uint32Array(chunks.length) };
  chunks.forEach((chunk, i) => {
    const at = position.get(chunk.docId);
    const article = at === undefined ? undefined : articles[at];
    if (!article || article.text.slice(chunk.start, chunk.end) !== chunk.text || chunkIdOf(chunk.docId, chunk.index) !== chunk.chunkId)
      throw new Error(`chunk ${chunk.chunkId} is not the span of its article it names; it cannot be stored as offsets`);
    [columns.article[i], columns.index[i], columns.start[i], columns.end[i]] = [at!, chunk.index, chunk.start, chunk.end];
  });
  await writeBinaryFile(file, { chunks: chunks.length }, columns);
}

export async function readChunks(file: string, articles: Article[]): Promise<Chunk[]> {
  const table = await readBinaryFile(file);
  const [article, index, start, end] = (["article", "index", "start", "end"] as const).map((name) => table.section(name, "u32"));
  return Array.from(article!, (at, i) => {
    const owner = articles[at];
    if (!owner || end![i]! > owner.text.length) throw new BinaryFormatError(`chunk ${i} points outside its article`);
    const docId = owner.docId;
    return { chunkId: chunkIdOf(docId, index![i]!), docId, index: index![i]!, start: start![i]!, end: end![i]!,
      text: owner.text.slice(start![i]!, end![i]!) };
  });
}

/** Written a thousand lines at a time: the whole file as one string would pass V8's limit near 5,000×. */
export async function writeArticles(file: string, articles: Article[]): Promise<void> {
  const handle = await open(file, "w");
  try {
    for (let i = 0; i < articles.length; i += 1000)
      await handle.write(articles.slice(i, i + 1000).map((article) => `${JSON.stringify(article)}\n`).join(""));
  } finally {
    await handle.close();
  }
}

/** One JSON.parse per line, on a slice of the bytes: never the whole file as one string. */
export async function readArticles(file: string): Promise<Article[]> {
  const bytes = await readFile(file);
  const articles: Article[] = [];
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end > start) articles.push(JSON.parse(bytes.toString("utf8", start, end)) as Article);
    start = end + 1;
  }
  return articles;
}

export async function writeIdf(file: string, table: IdfTable): Promise<void> {
  const features = Object.keys(table.idf);
  const packed = packStrings(features);
  const values = Float64Array.from(features, (feature) => table.idf[feature]!);
  await writeBinaryFile(file, { documents: table.documents }, { featureBytes: packed.blob, featureEnds: packed.ends, values });
}

export async function readIdf(file: string): Promise<IdfTable> {
  const table = await readBinaryFile(file);
  const features = unpackStrings(table.section("featureBytes", "u8"), table.section("featureEnds", "u32"));
  const values = table.section("values", "f64");
  if (values.length !== features.length) throw new BinaryFormatError("its features and values differ in number");
  const idf: Record<string, number> = Object.create(null);
  features.forEach((feature, i) => (idf[feature] = values[i]!));
  return { documents: (table.meta as { documents: number }).documents, idf };
}
