// The real runner on real dev questions from eval/questions.jsonl against a temp
// index of seeds/ built by the real pipeline: a number question, an English
// question, a follow-up pair, refusals; two questions of our own stand in the
// test split (test-split questions never appear in unit tests); then the reports.
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Answerer } from "../server/answer/answerer.js";
import { PROJECT_ROOT } from "../server/config.js";
import { buildCorpusIndex, type CorpusIndex } from "../server/test-support/corpus-index.js";
import { readQuestionFile, type EvalQuestion } from "../server/evaluation/questions.js";
import { formatCheck, runEval, writeReports, type EvalReport } from "../server/evaluation/run.js";

const IDS = ["q080", "q081", "q134", "q136", "q153"];
/** Our own questions for the test-split mechanics: not eval questions. */
const OWN_TEST_QUESTIONS: EvalQuestion[] = [
  {
    id: "own-1",
    split: "test",
    category: "number",
    question: "贵安新区园区非公企业党组织有多少个？",
    answer: { all: ["56个"] },
    refuse: false,
    docId: "001_03a8d35b681066be-a01",
    source: "seeds/001_03a8d35b681066be.txt",
    quote: "聚焦发挥好56个非公企业党组织、400余名党员红色力量",
  },
  {
    id: "own-2",
    split: "test",
    category: "out-of-corpus",
    question: "贵安新区的年降水量是多少毫米？",
    answer: { all: [] },
    refuse: true,
  },
];

let corpus: CorpusIndex;
let answerer: Answerer;
let questions: EvalQuestion[];
let report: EvalReport;
const progress: number[] = [];

beforeAll(async () => {
  corpus = await buildCorpusIndex();
  answerer = new Answerer({ retriever: corpus.retriever });
  const all = (await readQuestionFile(path.join(PROJECT_ROOT, "eval/questions.jsonl"))).questions;
  questions = [...IDS.map((id) => all.find((question) => question.id === id)!), ...OWN_TEST_QUESTIONS];
  report = await runEval({
    answerer,
    retriever: corpus.retriever,
    questions,
    onProgress: (done) => progress.push(done),
  });
});

afterAll(() => corpus.cleanup());

const result = (id: string) => report.results.find((record) => record.id === id)!;

describe("runEval on real questions", () => {
  it("answers the 901 question right, with a citation from the gold article and the gold article first", () => {
    expect(result("q080")).toMatchObject({
      answerCorrect: true,
      citationCorrect: true,
      correct: true,
      refused: false,
      goldRank: 1,
    });
    expect(result("q080").answer).toContain("901个");
    expect(result("q080").citations[0]).toMatchObject({
      docId: "003_518b5102fb447ec0-a01",
      source: "seeds/003_518b5102fb447ec0.txt",
    });
  });

  it("asks a follow-up with its earlier question and answer as history, and scores retrieval on the rewrite", () => {
    const followUp = result("q081");
    expect(followUp.followUpOf).toBe("q080");
    expect(followUp.rewritten).toContain("贵州省工信厅");
    // The query is the rewrite as normalised (half-width punctuation), with any back-off words after it.
    expect(followUp.query.startsWith(followUp.rewritten!.replace(/？$/, "?"))).toBe(true);
    expect(followUp).toMatchObject({ correct: true, goldRank: 1 });
    expect(followUp.answer).toContain("42个");
  });

  it("scores retrieval on the text the answerer searched with (an English question searches with its Chinese terms)", () => {
    const english = result("q134");
    // CC-CEDICT restricted to the corpus: Jiangsu → 江苏省, alliance → 联盟, party building → 党建 (abbreviation lexicon).
    expect(english.query.split(" ")).toEqual(expect.arrayContaining(["江苏省", "联盟", "党建"]));
    // First: BM25 alone ranks another alliance article of the same page set above it (second at 512 dimensions);
    // phrase coverage lifts the gold one, which holds more of the searched text as written (README "Scale").
    expect(english).toMatchObject({ goldRank: 1, citationCorrect: true, scoredOn: "lead" });
  });

  it("counts refusals: the out-of-corpus and distractor questions are refused and counted as positives", () => {
    expect(result("q136")).toMatchObject({
      refuse: true,
      refused: true,
      correct: true,
      answerCorrect: null,
      citationCorrect: null,
      goldRank: null,
    });
    expect(result("q153")).toMatchObject({ refuse: true, refused: true, correct: true });
    const dev = report.summary.dev!.overall;
    expect(dev).toMatchObject({
      questions: 5,
      answerable: 3,
      mustRefuse: 2,
      correctRefusals: 2,
      falseRefusals: 0,
      refusalRecall: 1,
      refusalPrecision: 1,
    });
    expect(dev).toMatchObject({ citationAccuracy: 1, recallAt1: 1, recallAt5: 1, mrr: 1 });
    expect(report.summary.dev!.categories["out-of-corpus"]).toMatchObject({ questions: 1, refusalRecall: 1 });
    expect(report.summary.test!.overall).toMatchObject({ questions: 2, answerable: 1, mustRefuse: 1 });
  });

  it("records latency from the answerer's timings, and progress for every question", () => {
    expect(report.results.every((record) => record.latencyMs > 0)).toBe(true);
    expect(report.summary.dev!.overall.latencyP95).toBeGreaterThanOrEqual(report.summary.dev!.overall.latencyP50!);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("leaves the retriever as it found it", () => {
    expect(Object.hasOwn(corpus.retriever, "retrieve")).toBe(false);
  });

  it("runs one split, answering a follow-up's earlier question from another split only for its history", async () => {
    const [parent, child] = [questions[0]!, { ...questions[1]!, split: "test" as const }];
    const testOnly = await runEval({
      answerer,
      retriever: corpus.retriever,
      questions: [parent, child],
      split: "test",
    });
    expect(testOnly.results.map((record) => record.id)).toEqual(["q081"]);
    expect(testOnly.results[0]!.rewritten).toContain("贵州省工信厅");
    expect(Object.keys(testOnly.summary)).toEqual(["test"]);
  });

  it("writes the JSON, Markdown and HTML reports, and --check reads the test split", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "eval-reports-"));
    try {
      const paths = await writeReports(report, dir);
      expect((await readdir(dir)).sort()).toEqual(
        [path.basename(paths.html), path.basename(paths.json), path.basename(paths.markdown)].sort(),
      );
      const json = JSON.parse(await readFile(paths.json, "utf8")) as EvalReport;
      expect(json.results.find((record) => record.id === "q080")!.correct).toBe(true);
      expect(json.summary.dev!.overall.refusalRecall).toBe(1);
      // Answer accuracy as the run scored it (the English answer leads with its frame, not the figure).
      const { answerCorrect } = report.summary.dev!.overall;
      const answerCell = `${(answerCorrect / 3).toFixed(2)} (${answerCorrect}/3)`;
      const overallRow = `| **overall** | 5 | 1.00 | 1.00 | 1.00 | ${answerCell} | 1.00 (3/3) | 1.00 | 1.00 (2/2) | 1.00 (2/2) | 0 |`;
      expect(await readFile(paths.markdown, "utf8")).toContain(overallRow);
      const html = await readFile(paths.html, "utf8");
      expect(html).toContain('<meta charset="utf-8">');
      expect(html.match(/<svg /g)).toHaveLength(3);
      const lenient = formatCheck(report, {
        answerAccuracy: 0,
        citationAccuracy: 0,
        refusalRecall: 0,
        refusalPrecision: 0,
        recallAt5: 0,
      });
      expect(lenient.passed).toBe(true);
      const strict = formatCheck(
        {
          ...report,
          summary: {
            ...report.summary,
            test: { ...report.summary.test!, overall: { ...report.summary.test!.overall, answerAccuracy: 0.5 } },
          },
        },
        { answerAccuracy: 0.8, citationAccuracy: 0, refusalRecall: 0, refusalPrecision: 0, recallAt5: 0 },
      );
      expect(strict.passed).toBe(false);
      expect(strict.lines).toContain("FAIL answer accuracy: 0.500 (threshold 0.80) — below by 0.300");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
