// Property-based tests (fast-check) of the functions that take text from users,
// models and pages: random Unicode with lone surrogates, RTL and zero-width
// marks, 4-byte characters, brackets, digits and Chinese numerals, up to 100 KB.
// Each function must not throw and must return within 100 ms; the citation and
// figure checks must keep their promises (every [n] points at a citation,
// every figure left is in its quote).
//
// To fuzz another text function (a new question normaliser, say), add one line
// to TEXT_FUNCTIONS.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Segmenter } from "../ingest/segment.js";
import { normalizeForMatch, sentenceSpans } from "../ingest/text.js";
import {
  cleanCitationMarkers,
  parseCitationMarkers,
  renumberCitations,
  stripCitationMarkers,
} from "./answer/citations.js";
import { checkFigures, removeUnsupportedFigures } from "./answer/figures.js";
import { findEntities } from "./answer/entities.js";
import { normaliseQuestion } from "./answer/normalise.js";
import { plan } from "./answer/plan.js";
import { checkModelReply } from "./answer/reply-check.js";
import { cleanTopic } from "./briefing/topic.js";
import { cpuMs } from "./test-support/adversarial.js";

const segmenter = new Segmenter();
const BOUND_MS = 100;

/** Every text function under fuzz: name → call. */
const TEXT_FUNCTIONS: Record<string, (text: string) => unknown> = {
  normaliseQuestion,
  "plan (normalised)": (text) => plan(normaliseQuestion(text), segmenter),
  findEntities: (text) => findEntities(text, segmenter),
  normalizeForMatch,
  cleanTopic,
  "Segmenter.tokens": (text) => segmenter.tokens(text),
  "Segmenter.cut": (text) => segmenter.cut(text),
  "Segmenter.tag": (text) => segmenter.tag(text),
  sentenceSpans,
  parseCitationMarkers,
  stripCitationMarkers,
  checkFigures: (text) => checkFigures(text, QUOTES),
  removeUnsupportedFigures: (text) => removeUnsupportedFigures(text, QUOTES),
  checkModelReply: (text) => checkModelReply(text, [...QUOTES.values()]),
};

const QUOTES = new Map([
  [1, "截至目前,江苏省累计建立产业链党建联盟(党委)901个,3.61万个基层党组织纳入其中,覆盖企业6.7万家。"],
  [2, "贵州省工信厅推动建立产业链党建联盟42个,十条举措,2024年增长9.6%。"],
]);

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const marks = fc.constantFrom(
  "\u200b",
  "\u200c",
  "\u200d",
  "\ufeff",
  "\u200e",
  "\u200f",
  "\u202e",
  "\u2066",
  "\u00a0",
  "\u3000",
);
const fourByte = fc.constantFrom("😀", "𠀀", "𝟗", "🇨🇳", "👩‍👩‍👧");
const structure = fc.constantFrom(
  "[",
  "]",
  "［",
  "］",
  "[1]",
  "[2,3]",
  "[1-2]",
  "[99]",
  ",",
  "，",
  "、",
  "。",
  "！",
  " ",
  "\t",
  "\n",
  "\r\n",
);
const numbers = fc.constantFrom(
  "901个",
  "3.61万个",
  "42个",
  "9.6%",
  "十条",
  "二三级",
  "1,000",
  "2024年",
  "7",
  "万",
  "亿",
);
const words = fc.constantFrom(
  "江苏",
  "贵州省工信厅",
  "产业链党建",
  "联盟",
  "多少",
  "是谁",
  "呢",
  "那",
  "什么是",
  "无法回答：",
  "<img>",
  "](javascript:",
);
const anyUnit = fc.oneof(
  fc.string({ unit: "binary", maxLength: 1 }),
  loneSurrogate,
  marks,
  fourByte,
  structure,
  numbers,
  words,
);

/** Text built from those units; `maxLength` counts units. */
const text = (maxLength: number) => fc.array(anyUnit, { maxLength }).map((units) => units.join(""));
/** About 100 KB: a random unit pattern repeated, so long runs of one kind occur too. */
const hugeText = fc.array(anyUnit, { minLength: 1, maxLength: 40 }).map((units) =>
  units
    .join("")
    .repeat(Math.ceil(100_000 / Math.max(1, units.join("").length)))
    .slice(0, 100_000),
);

describe("text functions on random Unicode", () => {
  for (const [name, run] of Object.entries(TEXT_FUNCTIONS)) {
    it(`${name}: never throws, short inputs`, () => {
      fc.assert(
        fc.property(text(200), (input) => void run(input)),
        { numRuns: 300 },
      );
    });

    it(`${name}: under ${BOUND_MS} ms on 100 KB inputs`, () => {
      run("江苏901个[1]。"); // warm up
      fc.assert(
        fc.property(hugeText, (input) => cpuMs(() => run(input)) < BOUND_MS),
        { numRuns: 8 },
      );
    });
  }
});

describe("invariants", () => {
  const valid = fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { maxLength: 6 }).map((numbers) => new Set(numbers));

  it("after cleaning, every [n] points at a valid citation", () => {
    fc.assert(
      fc.property(text(300), valid, (input, numbers) => {
        const cleaned = cleanCitationMarkers(input, numbers);
        expect(parseCitationMarkers(cleaned.text).every((n) => numbers.has(n))).toBe(true);
        expect(cleaned.removed.every((n) => !numbers.has(n))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("after renumbering, every [n] is one of 1..k", () => {
    fc.assert(
      fc.property(text(300), fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { maxLength: 5 }), (input, order) => {
        const cited = parseCitationMarkers(renumberCitations(input, order));
        expect(cited.every((n) => n >= 1 && n <= order.length)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("after the figure check, every figure left is in the quote its clause cites", () => {
    fc.assert(
      fc.property(text(300), (input) => {
        const { text: checked } = removeUnsupportedFigures(input, QUOTES);
        expect(checkFigures(checked, QUOTES).unsupported).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("a checked model reply cites only the passages it was given, and its figures are theirs", () => {
    fc.assert(
      fc.property(text(300), (input) => {
        const checked = checkModelReply(input, [...QUOTES.values()]);
        if (checked.kind !== "answer") return;
        expect(checked.cited.every((n) => QUOTES.has(n))).toBe(true);
        const renumbered = new Map(checked.cited.map((n, i) => [i + 1, QUOTES.get(n)!]));
        expect(checkFigures(checked.answer, renumbered).unsupported).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
