// Checks eval question files against the seed text, beyond what server/evaluation/questions.ts's schema can see:
// every quote and fact is a substring of its article, ids follow the line order, refusals carry no
// gold, comparisons cite one passage per entity, follow-ups stay in their split, and the dev/test
// set covers every category, page and substantial article. Usage:
//   npx tsx eval/tools/validate.mjs [file.jsonl ...]   (default: eval/questions.jsonl and eval/holdout.jsonl)
// Needs the local index (npm run ingest) for data/index/articles.bin, read with the index's own
// decoder (TypeScript, hence tsx).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { decodeArticles, readTable } from "../../ingest/store-codec.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const at = (...parts) => path.join(ROOT, ...parts);

// The same lists as server/evaluation/questions.ts; checkSchemaInStep() fails the run when the two drift apart.
const CATEGORIES = [
  "number",
  "date",
  "person",
  "list",
  "definition",
  "why-how",
  "open",
  "compare",
  "paraphrase",
  "robust",
  "follow-up",
  "out-of-corpus",
  "distractor",
  "false-premise",
  "time-shift",
];
const REFUSAL = ["out-of-corpus", "distractor", "false-premise", "time-shift"];
const LEAD_SCORED = ["number", "date", "person"];
const SPLITS = ["dev", "test", "holdout"];
const KEYS = [
  "id",
  "split",
  "category",
  "question",
  "answer",
  "refuse",
  "lead",
  "docId",
  "source",
  "quote",
  "evidence",
  "followUpOf",
];
/** Per dev and per test split: the least number of questions of these categories. */
const PER_SPLIT_MIN = { open: 8, compare: 5, robust: 10, "false-premise": 4, "time-shift": 4, "follow-up": 2 };
const LONG_DOCS = [
  "000_e0a201f519d5c824-a01",
  "002_54d2f36e2aadab4b-a01",
  "003_518b5102fb447ec0-a01",
  "004_4fe301b4031d4404-a01",
  "004_4fe301b4031d4404-a02",
  "004_4fe301b4031d4404-a04",
];

const errors = [];
const warns = [];

function checkSchemaInStep() {
  const source = fs.readFileSync(at("server/evaluation/questions.ts"), "utf8");
  const listed = (name) => {
    const match = new RegExp(`\\b${name}\\b[^=]*=\\s*\\[([^\\]]*)\\]`).exec(source);
    return match ? [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]) : null;
  };
  for (const [name, mine] of [
    ["CATEGORIES", CATEGORIES],
    ["REFUSAL_CATEGORIES", REFUSAL],
    ["LEAD_SCORED_CATEGORIES", LEAD_SCORED],
    ["SPLIT_NAMES", SPLITS],
  ]) {
    const theirs = listed(name);
    if (JSON.stringify(theirs) !== JSON.stringify(mine)) {
      errors.push(`server/evaluation/questions.ts ${name} is ${JSON.stringify(theirs)}; update this validator's copy`);
    }
  }
}

/** The gold facts of an answer, whatever its form, or null (with an error) when the form is wrong. */
function answerFacts(answer, err) {
  const strings = (list) => Array.isArray(list) && list.every((s) => typeof s === "string" && s.length > 0);
  const keys = answer && typeof answer === "object" ? Object.keys(answer).sort().join(",") : "";
  if (keys === "all" && strings(answer.all)) return answer.all;
  if (keys === "any" && strings(answer.any) && answer.any.length > 0) return answer.any;
  if (keys === "facts,min" && strings(answer.facts) && answer.facts.length > 0) {
    if (!Number.isInteger(answer.min) || answer.min < 1 || answer.min > answer.facts.length) {
      err(`answer.min ${answer.min} must be an integer from 1 to ${answer.facts.length}`);
    }
    return answer.facts;
  }
  err("answer must be {all:[...]}, {any:[...]} or {facts:[...], min} of non-empty strings");
  return null;
}

/** Checks one gold passage against its article; returns the article, or null when the docId is unknown. */
function checkPassage(passage, label, articles, err) {
  const article = articles.get(passage.docId);
  if (!article) {
    err(`${label}: unknown docId ${passage.docId}`);
    return null;
  }
  if (passage.source !== undefined && passage.source !== article.source) {
    err(`${label}: source ${passage.source} is not ${article.source}`);
  }
  if (typeof passage.quote !== "string" || !passage.quote) err(`${label}: quote missing`);
  else if (!article.text.includes(passage.quote)) err(`${label}: quote is not a substring of the article text`);
  return article;
}

/** Gold passages and facts of an answerable question; returns the passages that resolved to an article. */
function checkGold(o, facts, articles, err, warn) {
  if (o.source === undefined) warn("primary passage has no source");
  const passages = [{ docId: o.docId, source: o.source, quote: o.quote, label: "docId/quote" }];
  if (o.evidence !== undefined && !Array.isArray(o.evidence)) err("evidence must be an array");
  (o.evidence ?? []).forEach((item, i) => {
    const extra = Object.keys(item).filter((k) => !["docId", "source", "quote"].includes(k));
    if (extra.length) err(`evidence[${i}] has unknown keys ${extra.join(", ")}`);
    passages.push({ ...item, label: `evidence[${i}]` });
  });
  const found = passages
    .map((p) => ({ ...p, article: checkPassage(p, p.label, articles, err) }))
    .filter((p) => p.article);
  if (!facts.length) err("an answerable question has no gold facts");
  for (const fact of facts) {
    if (fact.length > 25) warn(`long fact "${fact}"`);
    if (!found.some((p) => p.article.text.includes(fact))) err(`fact "${fact}" is in no gold article`);
    // Open questions name specifics from the whole article; other facts belong in a cited quote.
    else if (o.category !== "open" && !found.some((p) => p.quote?.includes(fact))) {
      warn(`fact "${fact}" is in no quote`);
    }
  }
  // Citation accuracy asks each passage to be cited with a fact it holds; a passage without one proves nothing.
  if (found.length > 1) {
    for (const p of found) if (!facts.some((f) => p.quote?.includes(f))) err(`${p.label}: quote holds no gold fact`);
  }
  return found;
}

function checkKinds(o, facts, err, warn) {
  if (o.category === "open" && !("facts" in o.answer)) err("an open question needs answer {facts, min}");
  const { min } = o.answer;
  if (o.category === "open" && facts && (facts.length < 4 || facts.length > 6 || min < 2 || min > 3)) {
    warn(`open question with ${facts.length} facts and min ${min} (expected 4–6 facts, min 2–3)`);
  }
  if (o.category !== "open" && "facts" in o.answer) warn("answer {facts, min} outside an open question");
  if (o.category === "compare") {
    if (!(o.evidence?.length > 0)) err("a compare question needs evidence for each other entity");
    if (!("all" in o.answer)) err("a compare question needs answer {all: [one fact per entity]}");
    else if (o.answer.all.length !== 1 + (o.evidence?.length ?? 0)) warn("compare: not one fact per gold passage");
  }
  if ("lead" in o) {
    if (o.lead !== true) err("lead must be true when present (omit it otherwise)");
    const single = ("all" in o.answer && o.answer.all.length === 1) || "any" in o.answer;
    if (!single) err("lead: true needs a single gold fact (one figure, date or name)");
    if (LEAD_SCORED.includes(o.category)) warn(`lead is implied for category ${o.category}`);
  } else if (
    ["paraphrase", "follow-up", "robust"].includes(o.category) &&
    o.answer.all?.length === 1 &&
    /\d/.test(o.answer.all[0])
  ) {
    warn(`single figure "${o.answer.all[0]}" without "lead": true`);
  }
}

function checkIdentity(o, ctx, err) {
  if (o.split === "holdout") {
    if (!/^h(?!000)\d{3}$/.test(o.id)) err(`holdout id ${o.id} must be h001..h999`);
  } else {
    const expected = "q" + String(++ctx.ordinal).padStart(3, "0");
    if (o.id !== expected) err(`id ${o.id}, expected ${expected} (q-ids number the non-holdout lines in order)`);
  }
  if (ctx.seen.has(o.id)) err(`duplicate id ${o.id}`);
  if (!SPLITS.includes(o.split)) err(`bad split ${o.split}`);
  if (!CATEGORIES.includes(o.category)) err(`bad category ${o.category}`);
  if (typeof o.question !== "string" || !o.question.trim()) err("question missing");
  if (typeof o.refuse !== "boolean") err("refuse is not a boolean");
  else if (o.refuse !== REFUSAL.includes(o.category)) err(`refuse=${o.refuse} does not fit category ${o.category}`);
  const unknown = Object.keys(o).filter((k) => !KEYS.includes(k));
  if (unknown.length) err(`unknown keys ${unknown.join(", ")}`);
  if (o.category === "follow-up" && typeof o.followUpOf !== "string") err("follow-up without followUpOf");
  if ("followUpOf" in o) {
    const earlier = ctx.fileIds.get(o.followUpOf);
    if (o.category !== "follow-up") err("followUpOf on a question that is not a follow-up");
    else if (!earlier) err(`followUpOf ${o.followUpOf} is not an id on an earlier line of this file`);
    else if (earlier.split !== o.split) err(`follow-up in ${o.split} of ${o.followUpOf} in ${earlier.split}`);
  }
}

function checkLine(o, ln, ctx) {
  const err = (m) => errors.push(`${ctx.name}:${ln} ${o.id ?? ""}: ${m}`);
  const warn = (m) => warns.push(`${ctx.name}:${ln} ${o.id ?? ""}: ${m}`);
  checkIdentity(o, ctx, err);
  const facts = answerFacts(o.answer, err);
  if (o.refuse) {
    if (!(Array.isArray(o.answer?.all) && o.answer.all.length === 0)) err("a refusal answer must be {all: []}");
    for (const k of ["docId", "source", "quote", "evidence", "lead"]) if (k in o) err(`a refusal must omit ${k}`);
    return { ...o, passages: [], facts: [] };
  }
  if (!facts) return { ...o, passages: [], facts: [] };
  checkKinds(o, facts, err, warn);
  return { ...o, facts, passages: checkGold(o, facts, ctx.articles, err, warn) };
}

const shown = (file) => {
  const relative = path.relative(ROOT, path.resolve(file));
  return relative.startsWith("..") ? path.resolve(file) : relative;
};

function readRows(file, articles, seen) {
  const name = shown(file);
  const ctx = { name, articles, seen, ordinal: 0, fileIds: new Map() };
  const rows = [];
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      let o;
      try {
        o = JSON.parse(line);
      } catch (e) {
        return errors.push(`${name}:${i + 1}: invalid JSON: ${e.message}`);
      }
      const row = checkLine(o, i + 1, ctx);
      seen.add(o.id);
      ctx.fileIds.set(o.id, o);
      rows.push(row);
    });
  return rows;
}

/** Where a fact sits: its article and offset, inside the first quote that holds it, else its first occurrence. */
function factPlace(row, fact) {
  const quoted = row.passages.find((p) => p.quote?.includes(fact));
  if (quoted) return `${quoted.docId}@${quoted.article.text.indexOf(quoted.quote) + quoted.quote.indexOf(fact)}`;
  const anywhere = row.passages.find((p) => p.article.text.includes(fact));
  return anywhere ? `${anywhere.docId}@${anywhere.article.text.indexOf(fact)}` : null;
}

/** The same fact at the same place of the same article, gold in two splits: tuning on one would flatter the other. */
function warnSharedFacts(rows) {
  const first = new Map();
  for (const row of rows) {
    for (const fact of row.facts) {
      const place = factPlace(row, fact);
      const other = place && first.get(place);
      if (other && other.split !== row.split) {
        warns.push(`fact "${fact}" is gold in ${other.id} (${other.split}) and ${row.id} (${row.split})`);
      } else if (place && !other) first.set(place, row);
    }
  }
}

function checkCoverage(rows, arts) {
  const split = {};
  for (const o of rows) (split[o.category] ??= { dev: 0, test: 0 })[o.split]++;
  for (const c of CATEGORIES) {
    if (!split[c]?.dev || !split[c]?.test) errors.push(`category ${c} lacks dev or test questions`);
  }
  for (const [c, n] of Object.entries(PER_SPLIT_MIN)) {
    for (const s of ["dev", "test"]) {
      const have = split[c]?.[s] ?? 0;
      if (have < n) errors.push(`${s} has ${have} ${c} questions, needs ${n}`);
    }
  }
  const count = (c) => (split[c]?.dev ?? 0) + (split[c]?.test ?? 0);
  if (rows.length < 85) errors.push(`only ${rows.length} dev/test questions`);
  if (count("out-of-corpus") < 12) errors.push("need >= 12 out-of-corpus");
  if (count("distractor") < 6) errors.push("need >= 6 distractor");
  const english = rows.filter((o) => !o.refuse && !/[\u4e00-\u9fff]/.test(o.question)).length;
  if (english < 3) errors.push(`only ${english} answerable English questions`);
  const perDoc = {};
  for (const o of rows) for (const id of new Set(o.passages.map((p) => p.docId))) perDoc[id] = (perDoc[id] ?? 0) + 1;
  for (const a of arts) {
    const n = perDoc[a.docId] ?? 0;
    if (a.text.length > 250 && n < 2) errors.push(`doc ${a.docId} (${a.text.length} chars) has only ${n} questions`);
  }
  for (const d of LONG_DOCS) if ((perDoc[d] ?? 0) < 5) errors.push(`long doc ${d} has ${perDoc[d] ?? 0} < 5 questions`);
  const pages = new Set(rows.flatMap((o) => o.passages.map((p) => p.article.source)));
  for (const p of new Set(arts.map((a) => a.source))) if (!pages.has(p)) errors.push(`page ${p} not covered`);
  return { split, perDoc, english };
}

async function main() {
  const defaults = ["eval/questions.jsonl", "eval/holdout.jsonl"].map((f) => at(f)).filter((f) => fs.existsSync(f));
  const files = process.argv.length > 2 ? process.argv.slice(2) : defaults;
  const arts = decodeArticles(await readTable(at("data/index/articles.bin")));
  const articles = new Map(arts.map((a) => [a.docId, a]));
  checkSchemaInStep();
  const seen = new Set();
  const rows = files.flatMap((file) => readRows(file, articles, seen));
  warnSharedFacts(rows);
  const devTest = rows.filter((o) => o.split === "dev" || o.split === "test");
  const totals = Object.fromEntries(SPLITS.map((s) => [s, rows.filter((o) => o.split === s).length]));
  console.log("files", files.map(shown).join(", "));
  console.log(
    "total",
    rows.length,
    totals,
    "refusals",
    rows.filter((o) => o.refuse).length,
    "lead",
    rows.filter((o) => o.lead === true).length,
  );
  if (devTest.length) {
    const { split, perDoc, english } = checkCoverage(devTest, arts);
    console.log("dev/test english answerable", english);
    console.table(split);
    console.log("questions per docId (dev/test, gold passages):");
    for (const a of arts) console.log(" ", a.docId, String(a.text.length).padStart(5), perDoc[a.docId] ?? 0);
  }
  warns.forEach((w) => console.log("WARN", w));
  errors.forEach((e) => console.log("ERROR", e));
  const verdict = errors.length ? `FAIL (${errors.length} errors, ${warns.length} warnings)` : "PASS";
  console.log(errors.length ? verdict : `${verdict} (${warns.length} warnings)`);
  process.exit(errors.length ? 1 : 0);
}

await main();
