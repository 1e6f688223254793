import fs from 'node:fs';
const file = process.argv[2] ?? '/work/main/eval/questions.jsonl';
const arts = JSON.parse(fs.readFileSync('/work/main/data/index/articles.json', 'utf8'));
const byId = new Map(arts.map(a => [a.docId, a]));
const CATS = ['number', 'date', 'person', 'list', 'definition', 'why-how', 'paraphrase', 'follow-up', 'out-of-corpus', 'distractor'];
const errors = [], warns = [];
const lines = fs.readFileSync(file, 'utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();
const seen = new Map(); const rows = [];
lines.forEach((line, i) => {
  const ln = i + 1; const err = m => errors.push(`line ${ln}: ${m}`);
  let o; try { o = JSON.parse(line); } catch (e) { return err('invalid JSON: ' + e.message); }
  rows.push(o);
  const expId = 'q' + String(ln).padStart(3, '0');
  if (o.id !== expId) err(`id ${o.id} expected ${expId}`);
  if (seen.has(o.id)) err(`duplicate id ${o.id}`); seen.set(o.id, o);
  if (!['dev', 'test'].includes(o.split)) err(`bad split ${o.split}`);
  if (!CATS.includes(o.category)) err(`bad category ${o.category}`);
  if (typeof o.question !== 'string' || !o.question.trim()) err('question missing');
  if (typeof o.refuse !== 'boolean') err('refuse not boolean');
  const a = o.answer;
  if (!a || typeof a !== 'object') { err('answer missing'); return; }
  const keys = Object.keys(a);
  if (keys.length !== 1 || !['all', 'any'].includes(keys[0]) || !Array.isArray(a[keys[0]]) || !a[keys[0]].every(s => typeof s === 'string' && s.length))
    err('answer must be {all:[...]} or {any:[...]} of non-empty strings');
  const isRef = o.category === 'out-of-corpus' || o.category === 'distractor';
  if (isRef !== o.refuse) err(`refuse=${o.refuse} inconsistent with category ${o.category}`);
  if (o.refuse) {
    if (!(Array.isArray(a.all) && a.all.length === 0)) err('refusal answer must be {all: []}');
    for (const f of ['docId', 'source', 'quote']) if (f in o) err(`refusal must omit ${f}`);
  } else {
    const facts = a.all ?? a.any ?? [];
    if (!facts.length) err('answerable question has no answer facts');
    const art = byId.get(o.docId);
    if (!art) { err(`unknown docId ${o.docId}`); return; }
    if (o.source !== art.source) err(`source ${o.source} != ${art.source}`);
    if (typeof o.quote !== 'string' || !o.quote) err('quote missing');
    else if (!art.text.includes(o.quote)) err('quote not a substring of article text');
    for (const f of facts) {
      if (f.length > 25) warns.push(`line ${ln}: long fact "${f}"`);
      if (o.quote && o.quote.includes(f)) continue;
      if (art.text.includes(f)) warns.push(`line ${ln} ${o.id}: fact "${f}" only in article text, not in quote`);
      else err(`fact "${f}" not in article text`);
    }
  }
  if (o.category === 'follow-up') {
    if (typeof o.followUpOf !== 'string') err('follow-up without followUpOf');
    else if (!seen.has(o.followUpOf) || o.followUpOf >= o.id) err(`followUpOf ${o.followUpOf} not an earlier id`);
  } else if ('followUpOf' in o) err('followUpOf on non-follow-up');
});
// aggregate checks
const cnt = {}; const split = {};
for (const o of rows) { cnt[o.category] = (cnt[o.category] ?? 0) + 1; split[o.category] ??= { dev: 0, test: 0 }; split[o.category][o.split]++; }
for (const c of CATS) if (!split[c] || !split[c].dev || !split[c].test) errors.push(`category ${c} lacks both splits`);
if (rows.length < 85) errors.push(`only ${rows.length} lines`);
if ((cnt['out-of-corpus'] ?? 0) < 12) errors.push('need >=12 out-of-corpus');
if ((cnt.distractor ?? 0) < 6) errors.push('need >=6 distractor');
if ((cnt.distractor ?? 0) + (cnt['out-of-corpus'] ?? 0) < 18) errors.push('need >=18 refusals');
if ((cnt['follow-up'] ?? 0) < 5) errors.push('need >=5 follow-ups');
const en = rows.filter(o => !o.refuse && !/[\u4e00-\u9fff]/.test(o.question)).length;
if (en < 3) errors.push(`only ${en} answerable English questions`);
const perDoc = {}; for (const o of rows) if (o.docId) perDoc[o.docId] = (perDoc[o.docId] ?? 0) + 1;
for (const a of arts) {
  const n = perDoc[a.docId] ?? 0;
  if (a.text.length > 250 && n < 2) errors.push(`doc ${a.docId} (${a.text.length} chars) has only ${n} questions`);
}
for (const d of ['000_e0a201f519d5c824-a01', '002_54d2f36e2aadab4b-a01', '003_518b5102fb447ec0-a01', '004_4fe301b4031d4404-a01', '004_4fe301b4031d4404-a02', '004_4fe301b4031d4404-a04'])
  if ((perDoc[d] ?? 0) < 5) errors.push(`long doc ${d} has ${perDoc[d] ?? 0} < 5 questions`);
const pages = new Set(rows.filter(o => o.source).map(o => o.source));
const allPages = new Set(arts.map(a => a.source));
for (const p of allPages) if (!pages.has(p)) errors.push(`page ${p} not covered`);
const tot = { dev: 0, test: 0 }; rows.forEach(o => tot[o.split]++);
console.log('total', rows.length, tot, 'refusals', rows.filter(o => o.refuse).length, 'english answerable', en);
console.table(split);
console.log('per docId:'); for (const a of arts) console.log(' ', a.docId, String(a.text.length).padStart(5), perDoc[a.docId] ?? 0);
warns.forEach(w => console.log('WARN', w));
errors.forEach(e => console.log('ERROR', e));
console.log(errors.length ? `FAIL (${errors.length} errors)` : 'PASS');
process.exit(errors.length ? 1 : 0);
