// The binary index tables round-trip: what ingest built from the real seeds reads back equal,
// and a damaged table file is reported by what is wrong with it, not read as something else.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpusIndex, type CorpusIndex } from "../server/test-support/corpus-index.js";
import { BinaryFormatError } from "./binary-file.js";
import { Bm25Index } from "./bm25.js";
import { LocalHashEmbeddings } from "./embed.js";
import { embeddingText } from "./prepare.js";
import {
  decodeArticles,
  decodeChunks,
  decodeIdf,
  decodeLexical,
  readTable,
  writeArticles,
  writeChunks,
  writeIdf,
  writeLexical,
} from "./store-codec.js";

const readArticles = async (file: string) => decodeArticles(await readTable(file));
const readLexical = async (file: string) => decodeLexical(await readTable(file));

let corpus: CorpusIndex;
let dir: string;

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  dir = await mkdtemp(path.join(os.tmpdir(), "store-codec-"));
}, 60_000);

afterAll(async () => {
  await corpus.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe("index tables on disk", () => {
  it("round-trips articles and chunks (chunk text rebuilt from the article's offsets)", async () => {
    const { articles, chunks } = corpus.index;
    await writeArticles(path.join(dir, "articles.bin"), articles);
    await writeChunks(path.join(dir, "chunks.bin"), chunks, articles);
    const read = await readArticles(path.join(dir, "articles.bin"));
    expect(read).toEqual(articles);
    expect(decodeChunks(await readTable(path.join(dir, "chunks.bin")), read)).toEqual(chunks);
    expect(chunks.some((chunk) => chunk.text.includes("江苏省累计建立产业链党建联盟(党委)901个"))).toBe(true);
  });

  it("round-trips what JSON would: absent and empty optional fields, surrogate pairs, a lone surrogate", async () => {
    const [first, second] = corpus.index.articles;
    const odd = { ...first!, author: "", title: "标题😀", text: `${first!.text}\uD800`, deck: ["", "副题"] };
    const { author: _author, ...bare } = second!;
    const articles = [odd, { ...bare, deck: [], paragraphs: [] }];
    await writeArticles(path.join(dir, "odd.bin"), articles);
    const read = await readArticles(path.join(dir, "odd.bin"));
    expect(read).toEqual(articles);
    expect(read[0]!.author).toBe("");
    expect("author" in read[1]!).toBe(false);
  });

  it("refuses an article field it has no column for, instead of dropping it", async () => {
    const article = { ...corpus.index.articles[0]!, language: "zh" };
    await expect(writeArticles(path.join(dir, "extra.bin"), [article])).rejects.toThrow(/field "language"/);
  });

  it("round-trips BM25 tables, before and after changes, to the same search results", async () => {
    const { bm25, segmenter, chunks } = corpus.index;
    const changed = bm25.withChanges(
      [{ index: chunks.length, tokens: segmenter.tokens("贵州省工信厅推动建立产业链党建联盟") }],
      [{ index: 2, tokens: segmenter.tokens(chunks[2]!.text) }],
    );
    for (const index of [bm25, changed]) {
      await writeLexical(path.join(dir, "lexical.bin"), index.toTables());
      const tables = await readLexical(path.join(dir, "lexical.bin"));
      expect(tables).toEqual(index.toTables());
      const reloaded = Bm25Index.fromTables(tables);
      expect(reloaded.size).toBe(index.size);
      for (const question of ["江苏有多少产业链党建联盟", "贵州省工信厅", "constructor 党建"])
        expect(reloaded.search(segmenter.tokens(question), 10)).toEqual(index.search(segmenter.tokens(question), 10));
    }
  });

  it("round-trips the IDF table", async () => {
    const { articleById, chunks, segmenter } = corpus.index;
    const texts = chunks.map((chunk) => embeddingText(articleById.get(chunk.docId)!, chunk));
    const idf = new LocalHashEmbeddings(segmenter, 512).fit(texts);
    await writeIdf(path.join(dir, "idf.bin"), idf);
    const read = decodeIdf(await readTable(path.join(dir, "idf.bin")));
    expect(read.documents).toBe(idf.documents);
    const features = Object.keys(idf.idf);
    expect(features.length).toBeGreaterThan(1000);
    for (const feature of features) expect(read.weightOf(feature)).toBe(idf.idf[feature]);
    expect(read.weightOf("w:党建")).toBeGreaterThan(1);
    for (const absent of ["w:党建联盟联盟", "b:", "", "w:", "w:党"])
      expect(read.weightOf(absent)).toBe(idf.idf[absent]);
  });

  it("refuses a chunk that is not the span of its article it names", async () => {
    const [chunk] = corpus.index.chunks;
    const moved = { ...chunk!, start: chunk!.start + 1 };
    await expect(writeChunks(path.join(dir, "bad.bin"), [moved], corpus.index.articles)).rejects.toThrow(
      /not the span/,
    );
  });

  it("reports a file that is not a table, or whose sections run past its end", async () => {
    await writeFile(path.join(dir, "json.bin"), JSON.stringify({ postings: {} }));
    await expect(readLexical(path.join(dir, "json.bin"))).rejects.toThrow(BinaryFormatError);
    await writeLexical(path.join(dir, "lexical.bin"), corpus.index.bm25.toTables());
    const bytes = await readFile(path.join(dir, "lexical.bin"));
    await writeFile(path.join(dir, "short.bin"), bytes.subarray(0, bytes.length - 64));
    await expect(readLexical(path.join(dir, "short.bin"))).rejects.toThrow(/runs past the end/);
  });
});
