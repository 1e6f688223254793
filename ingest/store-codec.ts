// The index's tables on disk (store.ts): BM25 postings, chunk spans and the IDF table as typed
// arrays in binary files (binary-file.ts; the articles are in store-articles.ts). No string the
// size of the corpus is ever built, and the arrays are views on the bytes read. A chunk is stored
// as its article and span: its text is the article's text between the offsets.
import type { Article } from "./article.js";
import type { Bm25Tables } from "./bm25.js";
import type { Chunk } from "./chunk.js";
import type { IdfTable, IdfWeights } from "./embed.js";
import { PackedStringIndex } from "./packed-string-index.js";
import { readWhole } from "./file-checksum.js";
import {
  BinaryFormatError,
  packStrings,
  parseBinaryFile,
  unpackStrings,
  writeBinaryFile,
  type BinaryFile,
} from "./binary-file.js";
import { uint32At } from "./indexed.js";

export { decodeArticles, writeArticles } from "./store-articles.js";

/** A table file read and parsed (the loader reads through the checksum check instead). */
export const readTable = async (file: string): Promise<BinaryFile> => parseBinaryFile(await readWhole(file));

export async function writeLexical(file: string, tables: Bm25Tables): Promise<void> {
  const { k1, b, liveDocuments, documentLengths, termStarts, documents, frequencies } = tables;
  const terms = packStrings(tables.terms);
  await writeBinaryFile(
    file,
    { k1, b, liveDocuments: liveDocuments ?? null },
    {
      documentLengths,
      termStarts,
      documents,
      frequencies,
      termChars: terms.chars,
      termEnds: terms.ends,
    },
  );
}

export function decodeLexical(table: BinaryFile): Bm25Tables {
  const meta = table.meta as { k1: number; b: number; liveDocuments: number | null };
  const terms = unpackStrings(table.section("termChars", "u16"), table.section("termEnds", "u32"));
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

// "-c000" … "-c999": a chunk id is then one concatenation (244k of them are made at a 1000× load).
const CHUNK_SUFFIXES = Array.from({ length: 1000 }, (_, index) => `-c${String(index).padStart(3, "0")}`);

export const chunkIdOf = (docId: string, index: number): string =>
  docId + (CHUNK_SUFFIXES[index] ?? `-c${String(index).padStart(3, "0")}`);

/** Chunks as (article, position, start, end); each must be the span of its article it claims to be. */
export async function writeChunks(file: string, chunks: Chunk[], articles: Article[]): Promise<void> {
  const position = new Map(articles.map((article, i) => [article.docId, i]));
  const columns = {
    article: new Uint32Array(chunks.length),
    index: new Uint32Array(chunks.length),
    start: new Uint32Array(chunks.length),
    end: new Uint32Array(chunks.length),
  };
  chunks.forEach((chunk, i) => {
    const at = position.get(chunk.docId);
    const article = at === undefined ? undefined : articles[at];
    if (
      !article ||
      article.text.slice(chunk.start, chunk.end) !== chunk.text ||
      chunkIdOf(chunk.docId, chunk.index) !== chunk.chunkId
    )
      throw new Error(`chunk ${chunk.chunkId} is not the span of its article it names; it cannot be stored as offsets`);
    [columns.article[i], columns.index[i], columns.start[i], columns.end[i]] = [
      at!,
      chunk.index,
      chunk.start,
      chunk.end,
    ];
  });
  await writeBinaryFile(file, { chunks: chunks.length }, columns);
}

export function decodeChunks(table: BinaryFile, articles: readonly Article[]): Chunk[] {
  const [article, index, start, end] = (["article", "index", "start", "end"] as const).map((name) =>
    table.section(name, "u32"),
  );
  if (!article || !index || !start || !end) throw new BinaryFormatError("it lacks a chunk column");
  const chunks = new Array<Chunk>(article.length);
  for (let i = 0; i < chunks.length; i++) {
    const owner = articles[uint32At(article, i)];
    if (!owner || uint32At(end, i) > owner.text.length)
      throw new BinaryFormatError(`chunk ${i} points outside its article`);
    const { docId, text } = owner;
    const [position, from, to] = [uint32At(index, i), uint32At(start, i), uint32At(end, i)];
    chunks[i] = {
      chunkId: chunkIdOf(docId, position),
      docId,
      index: position,
      start: from,
      end: to,
      text: text.slice(from, to),
    };
  }
  return chunks;
}

export async function writeIdf(file: string, table: IdfTable): Promise<void> {
  const entries = Object.entries(table.idf);
  const features = entries.map(([feature]) => feature);
  const packed = packStrings(features);
  const values = Float64Array.from(entries, ([, value]) => value);
  const sections = { featureChars: packed.chars, featureEnds: packed.ends, values };
  await writeBinaryFile(file, { documents: table.documents }, sections);
}

/** The IDF table, looked up in its packed features (packed-string-index.ts says why). */
export function decodeIdf(table: BinaryFile): IdfWeights {
  const features = new PackedStringIndex(table.section("featureChars", "u16"), table.section("featureEnds", "u32"));
  const values = table.section("values", "f64");
  if (values.length !== features.size) throw new BinaryFormatError("its features and values differ in number");
  const documents = (table.meta as { documents?: unknown }).documents;
  if (typeof documents !== "number") throw new BinaryFormatError("it does not say how many documents it was fitted on");
  return {
    documents,
    weightOf(feature) {
      const at = features.indexOf(feature);
      return at < 0 ? undefined : values[at];
    },
  };
}
