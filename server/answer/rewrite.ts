// Follow-up questions without an LLM: a deterministic rewrite from the
// previous question's subject and frame.
//   "那贵州呢？"      after "江苏有多少产业链党建联盟?"         → "贵州有多少产业链党建联盟?"
//   "工业投资呢？"    after "…规模以上工业增加值增长了多少?"    → "…规模以上工业投资增长了多少?"
//   "党员有多少名？"  after "贵安新区园区有多少个非公企业党组织？" → "贵安新区党员有多少名？"
//   "它成立于哪一年？"                                         → the pronoun takes the old subject
import type { Segmenter } from "../../ingest/segment.js";
import { findEntities, findPeople, PROVINCES } from "./entities.js";
import type { ChatTurn } from "./types.js";

const FOLLOW_UP_OPENERS = /^(那么?|还有|另外|同样|再问一下)/;
const FOLLOW_UP_ENDING = /呢\s*(?:[？?]\s*)?$/;
const QUESTION_WORD = /多少|几|哪|什么|谁|如何|怎么|怎样|为什么|为何|是否|吗|多高|多长|多大|多远|多久/;
const PRONOUN = /(它们|他们|她们|该地|该县|该市|该省|该单位|它|他|她|其)/;
const DEFINITION = /什么是|是什么|指什么|何为/;
const PERSONAL_PRONOUN = /他们|她们|他|她/;
const SHORT_QUESTION = 12;
/** Words a topic phrase does not end on; longest first, so 一共 goes whole rather than leaving 一. */
const TOPIC_TAIL_WORDS = ["一共", "已经", "累计", "的", "了", "共", "都", "在"];

/** `text` without any run of `words` at its end, in linear time (a `(?:…)+$` pattern retries from each position). */
function stripTrailingWords(text: string, words: string[]): string {
  let end = text.length;
  for (let word = words.find((w) => text.endsWith(w, end)); word; word = words.find((w) => text.endsWith(w, end)))
    end -= word.length;
  return text.slice(0, end);
}

/** The previous user question, if this question reads as a follow-up to it. */
export function previousQuestion(question: string, history: ChatTurn[], segmenter: Segmenter): string | undefined {
  const previous = [...history].reverse().find((turn) => turn.role === "user")?.content;
  if (!previous) return undefined;
  if (FOLLOW_UP_OPENERS.test(question) || FOLLOW_UP_ENDING.test(question) || PRONOUN.test(question)) return previous;
  // A short question that names nothing ("党员有多少名？") leans on the previous one.
  const han = (question.match(/[\u4e00-\u9fff]/g) ?? []).length;
  const standalone = DEFINITION.test(question) || findEntities(question, segmenter).length > 0;
  return han <= SHORT_QUESTION && !standalone ? previous : undefined;
}

/** A standalone question, or undefined when the question needs no rewrite. */
export function rewriteFollowUp(question: string, history: ChatTurn[], segmenter: Segmenter): string | undefined {
  const previous = previousQuestion(question, history, segmenter);
  if (!previous) return undefined;
  const core = question
    .replace(FOLLOW_UP_OPENERS, "")
    .replace(FOLLOW_UP_ENDING, "")
    .replace(/(?<![？?。！!\s])[？?。！!\s]+$/, "")
    .trim();
  if (core.length === 0) return previous;
  const subject = subjectPhrase(previous, segmenter);

  if (QUESTION_WORD.test(core)) {
    // 他/她 stand for the person last named (in the previous answer or question), not for a place.
    const person = PERSONAL_PRONOUN.test(core) ? lastPerson(history, segmenter) : undefined;
    if (person) return `${core.replace(PERSONAL_PRONOUN, person)}？`;
    if (subject && PRONOUN.test(core)) return `${core.replace(PRONOUN, subject)}？`;
    if (findEntities(core, segmenter).length > 0) return `${core}？`;
    // The whole topic of the previous question, not just its place: "六盘水的“警务背包”".
    const topic = topicPhrase(previous, segmenter) ?? subject;
    return topic ? `${topic}${core}？` : `${core}？`;
  }
  // "那贵州呢？": a new place or organisation takes the old subject's place.
  if (subject && findEntities(core, segmenter).length > 0) return previous.replace(subject, core);
  // "工业投资呢？": the new topic replaces the phrase of the old question it resembles most.
  const phrase = mostSimilarPhrase(previous, core, segmenter);
  if (phrase) return previous.replace(phrase, core);
  return subject ? previous.replace(subject, core) : `${core}${previous}`;
}

/** The person named last in the conversation: the latest turn that names one, its last name. */
function lastPerson(history: ChatTurn[], segmenter: Segmenter): string | undefined {
  for (const turn of [...history].reverse()) {
    const people = findPeople(turn.content, segmenter);
    if (people.length > 0) return people.at(-1);
  }
  return undefined;
}

/** The previous question's subject: its first named entity, with a neighbour it runs into ("贵州省工信厅"). */
function subjectPhrase(question: string, segmenter: Segmenter): string | undefined {
  const spans = findEntities(question, segmenter)
    .map((entity) => {
      const start = question.indexOf(entity);
      const withSuffix =
        PROVINCES.includes(entity) && question[start + entity.length] === "省" ? entity.length + 1 : entity.length;
      return { start, end: start + withSuffix };
    })
    .filter((span) => span.start >= 0)
    .sort((left, right) => left.start - right.start);
  const first = spans[0];
  if (!first) return undefined;
  let end = first.end;
  for (const span of spans.slice(1)) if (span.start <= end + 1) end = Math.max(end, span.end);
  return question.slice(first.start, end);
}

/** What the previous question was about: its words up to the first verb ("熊明伟4年来", "贵安新区园区"). */
function topicPhrase(question: string, segmenter: Segmenter): string | undefined {
  let phrase = "";
  for (const { word, tag } of segmenter.tag(question)) {
    if (tag.startsWith("v") || QUESTION_WORD.test(word)) break;
    phrase += word;
  }
  phrase = stripTrailingWords(phrase, TOPIC_TAIL_WORDS).trim();
  return phrase.length >= 2 ? phrase : undefined;
}

/** The noun phrase of `question` sharing most characters with `topic`, if any shares one. */
function mostSimilarPhrase(question: string, topic: string, segmenter: Segmenter): string | undefined {
  const phrases: string[] = [];
  let current = "";
  for (const { word, tag } of segmenter.tag(question)) {
    const nounLike = /^(n|vn|b|j)/.test(tag) || /级$/.test(word) || /[“”]/.test(word);
    if (nounLike) current += word;
    else {
      if (current) phrases.push(current);
      current = "";
    }
  }
  if (current) phrases.push(current);
  const topicChars = new Set(topic.replace(/[“”"的]/g, ""));
  const shared = (phrase: string) => [...new Set(phrase)].filter((char) => topicChars.has(char)).length;
  const best = phrases.sort((left, right) => shared(right) - shared(left))[0];
  return best && shared(best) > 0 ? best : undefined;
}
