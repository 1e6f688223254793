import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { splitArticles } from "./articles.js";
import { chunkArticle } from "./chunk.js";
import { cleanPage } from "./clean.js";
import { embedderIdentity, fnv1a, idfWeights, LocalHashEmbeddings, LOCAL_EMBEDDER_MODEL } from "./embed.js";
import { Segmenter } from "./segment.js";
import { buildUserDictionary } from "./user-dict.js";

const SEEDS = new URL("../seeds/", import.meta.url);
const articles = readdirSync(SEEDS)
  .filter((name) => name.endsWith(".txt"))
  .sort()
  .flatMap((file) => splitArticles(cleanPage(readFileSync(new URL(file, SEEDS), "utf8")), file));
const chunkTexts = articles.flatMap((article) => chunkArticle(article).map((chunk) => chunk.text));
const segmenter = new Segmenter(buildUserDictionary(articles));

const QUESTION = "江苏累计建立了多少个产业链党建联盟？";
const JIANGSU_901 = "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。";
const UNRELATED_004 = "党的领导是中国特色社会主义法治之魂。";

const norm = (vector: number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
const cosine = (left: number[], right: number[]) =>
  left.reduce((sum, value, i) => sum + value * right[i]!, 0) / (norm(left) * norm(right));

function fitted(dimensions = 2048): LocalHashEmbeddings {
  const embeddings = new LocalHashEmbeddings(segmenter, dimensions);
  embeddings.fit(chunkTexts);
  return embeddings;
}

describe("LocalHashEmbeddings.vector", () => {
  it.each([2048, 512])("has the configured dimension (%i) and unit L2 norm", (dimensions) => {
    const vector = fitted(dimensions).vector(JIANGSU_901);
    expect(vector).toHaveLength(dimensions);
    expect(norm(vector)).toBeCloseTo(1, 10);
  });

  it("gives identical text identical vectors, across instances", () => {
    const first = fitted();
    expect(first.vector(JIANGSU_901)).toEqual(first.vector(JIANGSU_901));
    expect(fitted().vector(JIANGSU_901)).toEqual(first.vector(JIANGSU_901));
    const unfitted = new LocalHashEmbeddings(new Segmenter(), 256);
    expect(new LocalHashEmbeddings(new Segmenter(), 256).vector(QUESTION)).toEqual(unfitted.vector(QUESTION));
  });

  it("puts the 901-alliances sentence nearer the question than an unrelated sentence from page 004", () => {
    expect(articles.some((article) => article.docId.startsWith("004_") && article.text.includes(UNRELATED_004))).toBe(
      true,
    );
    const embeddings = fitted();
    const question = embeddings.vector(QUESTION);
    const related = cosine(question, embeddings.vector(JIANGSU_901));
    const unrelated = cosine(question, embeddings.vector(UNRELATED_004));
    expect(related).toBeGreaterThan(unrelated);
    expect(related).toBeGreaterThan(0.2);
  });

  it("gives no NaN for empty or punctuation-only text", () => {
    const embeddings = fitted();
    for (const text of ["", "，。！", " "]) {
      const vector = embeddings.vector(text);
      expect(vector).toHaveLength(2048);
      expect(
        vector.every((value) => Number.isFinite(value)),
        JSON.stringify(text),
      ).toBe(true);
    }
  });

  it("embeds documents and queries the same way as vector()", async () => {
    const embeddings = fitted();
    expect(await embeddings.embedDocuments([JIANGSU_901, QUESTION])).toEqual([
      embeddings.vector(JIANGSU_901),
      embeddings.vector(QUESTION),
    ]);
    expect(await embeddings.embedQuery(QUESTION)).toEqual(embeddings.vector(QUESTION));
  });
});

describe("LocalHashEmbeddings.fit", () => {
  it("returns an IDF table over the fitted texts, rarer features weighing more", () => {
    const table = new LocalHashEmbeddings(segmenter).fit(chunkTexts);
    expect(table.documents).toBe(chunkTexts.length);
    expect(table.idf["w:党建"]).toBeGreaterThan(1);
    expect(table.idf["w:901"]).toBeGreaterThan(table.idf["w:党建"]!);
  });

  it("restores the same vectors from a saved IDF table (useIdf)", () => {
    const original = fitted();
    const table = JSON.parse(JSON.stringify(new LocalHashEmbeddings(segmenter).fit(chunkTexts)));
    const restored = new LocalHashEmbeddings(segmenter);
    restored.useIdf(idfWeights(table));
    expect(restored.vector(QUESTION)).toEqual(original.vector(QUESTION));
  });
});

describe("embedder identity and hashing", () => {
  it("records kind, model and dimensions", () => {
    expect(embedderIdentity({ kind: "local", dimensions: 2048 })).toEqual({
      kind: "local",
      model: LOCAL_EMBEDDER_MODEL,
      dimensions: 2048,
    });
    expect(embedderIdentity({ kind: "openai", apiKey: "k", model: "text-embedding-3-small" })).toEqual({
      kind: "openai",
      model: "text-embedding-3-small",
      dimensions: 0,
    });
  });

  it("hashes with 32-bit FNV-1a", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
  });
});
