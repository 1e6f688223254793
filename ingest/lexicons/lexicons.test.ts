// The lexicons load once, with the entries the stages rely on; CC-CEDICT is read as data and
// restricted to a vocabulary.
import { describe, expect, it } from "vitest";
import { readCedict } from "./cedict.js";
import { CorpusDictionary } from "./dictionary.js";
import { lexicons, readLexiconLines } from "./index.js";

describe("lexicons", () => {
  it("loads every file once, sorted longest first where a longer word must win", () => {
    const lex = lexicons();
    expect(lexicons()).toBe(lex);
    expect(lex.provinces).toHaveLength(34);
    expect(lex.measureWords.indexOf("公里")).toBeLessThan(lex.measureWords.indexOf("米"));
    expect(lex.timeFillers).toContain("这几年");
    expect(
      lex.intentPatterns.find(({ pattern }) => pattern.test("贵安新区重点项目党员攻坚队的成员来自哪几个部门"))?.intent,
    ).toBe("list");
    expect(lex.scopes.find((scope) => scope.word === "全国")?.level).toBe("national");
  });

  it("reports a lexicon that cannot be read by its name", () => {
    expect(() => readLexiconLines("no-such-lexicon.txt")).toThrow(
      /ingest\/lexicons\/no-such-lexicon\.txt could not be read/,
    );
  });
});

describe("CC-CEDICT", () => {
  it("reads the dictionary data the package ships", () => {
    const entries = readCedict();
    expect(entries.length).toBeGreaterThan(100_000);
    expect(entries.find((entry) => entry.simplified === "村民")?.english).toEqual(["villager"]);
  });

  it("maps English to the vocabulary's words only, by sense and by pinyin", () => {
    const dictionary = new CorpusDictionary(["村民", "联盟", "长顺县", "职工"]);
    expect(dictionary.lookupEnglish("How many villagers joined the alliance in Changshun?").terms).toEqual([
      "村民",
      "联盟",
      "长顺县",
    ]);
    expect(dictionary.synonyms("工人")).toEqual(["职工"]);
    expect(dictionary.homophones("长顺县")).toEqual([]);
  });
});
