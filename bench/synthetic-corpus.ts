// A deterministic synthetic corpus for benchmarks and fault tests: the seed
// articles' sentences shuffled and recombined into new seed-like pages (title
// line, by-line, body paragraphs), each article carrying one unique planted
// marker sentence ("标记地点<name>建立了<n>个测试联盟。") so retrieval can be
// checked at any size. Same seed → byte-identical pages.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { splitArticles } from "../ingest/articles.js";
import { cleanPage } from "../ingest/clean.js";
import { sentenceSpans } from "../ingest/text.js";
import { itemAt } from "../ingest/indexed.js";

/** A planted fact: the question that asks for it and the figure that answers it. */
export interface Marker {
  name: string;
  count: number;
  sentence: string;
  question: string;
  /** Page file the marker was written into. */
  file: string;
}

export interface SyntheticCorpus {
  dir: string;
  files: number;
  articles: number;
  bytes: number;
  markers: Marker[];
}

/** mulberry32: a small, fast, seeded PRNG (the same sequence on every machine). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters for made-up place names: ordinary hanzi, none a common word on its own in the seeds.
const NAME_CHARS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥琥珀翡翠玛瑙珊瑚棠桐梓楠榕柘".split("");
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余".split("");
const GIVEN = "建国华明丽军平芳勇杰娟涛艳超秀兰霞静磊洋敏强斌波辉刚健玲".split("");

/** The n-th unique marker name: four characters in base NAME_CHARS.length (over 2.5 million names). */
export function markerName(n: number): string {
  let name = "";
  for (let i = 0, rest = n; i < 4; i++, rest = Math.floor(rest / NAME_CHARS.length))
    name += NAME_CHARS[rest % NAME_CHARS.length];
  return name;
}

interface SeedMaterial {
  titles: string[];
  sentences: string[];
}

async function seedMaterial(seedsDir: string): Promise<SeedMaterial> {
  const titles: string[] = [];
  const sentences: string[] = [];
  for (const name of (await readdir(seedsDir)).filter((file) => /\.(txt|md)$/.test(file)).sort()) {
    const text = await readFile(path.join(seedsDir, name), "utf8");
    for (const article of splitArticles(cleanPage(text), name)) {
      if (article.title.length >= 4 && article.title.length <= 30) titles.push(article.title);
      for (const span of sentenceSpans(article.text)) {
        const sentence = article.text.slice(span.start, span.end).trim();
        // Whole, ordinary sentences only: no headings, no fragments, nothing with markdown.
        if (sentence.length >= 12 && sentence.length <= 160 && /[。！？]$/.test(sentence) && !/[#*\n]/.test(sentence))
          sentences.push(sentence);
      }
    }
  }
  return { titles, sentences };
}

const pick = <T>(random: () => number, items: T[]): T => itemAt(items, Math.floor(random() * items.length));

/**
 * Write pages into `outDir` until they hold `targetBytes` of text (plus the
 * seeds themselves when `includeSeeds`). Pages look like the seeds: about six
 * articles of a title, a by-line and body paragraphs, separated by blank lines.
 */
export async function generateCorpus(options: {
  seedsDir: string;
  outDir: string;
  targetBytes: number;
  seed?: number;
  includeSeeds?: boolean;
}): Promise<SyntheticCorpus> {
  const random = seededRandom(options.seed ?? 20250701);
  const material = await seedMaterial(options.seedsDir);
  await mkdir(options.outDir, { recursive: true });
  let bytes = 0;
  let files = 0;
  let articles = 0;
  const markers: Marker[] = [];
  if (options.includeSeeds) {
    for (const name of (await readdir(options.seedsDir)).filter((file) => /\.(txt|md)$/.test(file)).sort()) {
      const text = await readFile(path.join(options.seedsDir, name));
      await writeFile(path.join(options.outDir, name), text);
      bytes += text.length;
      files++;
    }
  }
  while (bytes < options.targetBytes) {
    const file = `syn_${String(files).padStart(6, "0")}.txt`;
    const parts: string[] = [];
    const perPage = 4 + Math.floor(random() * 4);
    for (let a = 0; a < perPage; a++) {
      const id = markers.length;
      const name = `标记地点${markerName(id)}`;
      const count = 100 + Math.floor(random() * 9900);
      const marker: Marker = {
        name,
        count,
        sentence: `${name}建立了${count}个测试联盟。`,
        question: `${name}建立了多少个测试联盟？`,
        file,
      };
      markers.push(marker);
      const author = `${pick(random, SURNAMES)}${pick(random, GIVEN)}${pick(random, GIVEN)}`;
      parts.push(`${pick(random, material.titles)}（${id}）`, author);
      const paragraphs = 3 + Math.floor(random() * 5);
      const markerParagraph = Math.floor(random() * paragraphs);
      for (let p = 0; p < paragraphs; p++) {
        const sentences: string[] = [];
        const length = 2 + Math.floor(random() * 3);
        for (let s = 0; s < length; s++) sentences.push(pick(random, material.sentences));
        if (p === markerParagraph) sentences.splice(Math.floor(random() * (sentences.length + 1)), 0, marker.sentence);
        parts.push(sentences.join(""));
      }
      articles++;
    }
    const page = `\n\n${parts.join("\n\n")}\n`;
    await writeFile(path.join(options.outDir, file), page);
    bytes += Buffer.byteLength(page);
    files++;
  }
  return { dir: options.outDir, files, articles, bytes, markers };
}

/** Total bytes of the seed pages: the unit of "1×". */
export async function seedBytes(seedsDir: string): Promise<number> {
  let total = 0;
  for (const name of (await readdir(seedsDir)).filter((file) => /\.(txt|md)$/.test(file)))
    total += (await readFile(path.join(seedsDir, name))).length;
  return total;
}

/**
 * `count` fresh pages for the add-one-page measurement, in `outDir`: generated
 * like the corpus but from other PRNG seeds, their planted names changed to
 * "新增地点<i>号…" so no fact repeats one already in the corpus.
 */
export async function generateNewPages(seedsDir: string, outDir: string, count: number): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const one = await generateCorpus({
      seedsDir,
      outDir: path.join(outDir, `gen-${i}`),
      targetBytes: 1,
      seed: 900_000 + i,
    });
    const text = await readFile(path.join(one.dir, "syn_000000.txt"), "utf8");
    const name = `new_page_${String(i).padStart(2, "0")}.txt`;
    await writeFile(path.join(outDir, name), text.replaceAll("标记地点", `新增地点${i}号`));
    await rm(one.dir, { recursive: true, force: true });
    names.push(name);
  }
  return names;
}
