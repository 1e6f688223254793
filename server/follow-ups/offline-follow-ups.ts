// Follow-up questions without a model: built from what the cited articles say
// beyond the answer — the clauses holding their other figures, asked back, and
// their sub-headings — then kept only when the assistant itself answers them
// from one of those articles with a passage the answer did not already cite.
// So a suggestion never leads to a refusal or to the same answer again.
import type { Article } from "../../ingest/article.js";
import type { AnswerResult, Citation } from "../answer/types.js";
import { bodySentences } from "../briefing/candidates.js";
import type { SearchIndex } from "../retrieval/retriever.js";

export const MAX_FOLLOW_UPS = 3;
/** Candidates tried before giving up: each costs one offline answer (a few ms). */
const MAX_CANDIDATES = 8;
const CLAUSE_BREAK = /[，,；;。！？：:]/;
/**
 * An Arabic figure with what it counts ("2598万元", "50多件", "901个"); years, dates and ages are not asked
 * about. It starts where a run of digits starts, so a long run is not tried again from each digit.
 */
const FIGURE_IN_CLAUSE =
  /(?<![0-9０-９])[0-9０-９]+(?:\.[0-9]+)?(?:余|多)?(万元|亿元|万个|万家|万名|万人|个|家|名|人|辆|所|座|项|条|支|篇|户|场|批|处|套|台|件|亩|吨|公里)/;
const LEAD_FILLER = /^(?:截至目前|截至|目前|其中|同时|此外|今年以来|近年来|全年)/;
/**
 * A clause opening with an adverb or a verb ("已建成…", "帮助…"), or with a measure ("1分钟内就能生产5个…",
 * after "1条12米长的轨道,"), has its subject in an earlier clause. A year ("2024年全省…") is not a measure.
 */
const SUBJECT_ELSEWHERE =
  /^(?:[它他她其这该此已也还并再又就都将共]|累计|帮助|带动|推动|惠及|实现|解决|覆盖|形成|[0-9０-９](?![0-9０-９]{3}年))/;
const MIN_LEAD_CHARS = 4;
const MAX_CLAUSE_CHARS = 32;
const MAX_HEADING_CHARS = 20;

/** Answers a candidate question the way the user would get it answered. */
export type TryAnswer = (question: string) => Promise<Pick<AnswerResult, "refused" | "coverage" | "citations">>;

function overlapsCited(docId: string, start: number, end: number, cited: Citation[]): boolean {
  return cited.some((citation) => citation.docId === docId && citation.start < end && start < citation.end);
}

/**
 * The clause holding an uncited figure, asked back: "熊明伟共争取2598万元资金修建产业路" →
 * "熊明伟共争取多少万元资金修建产业路？". Only clauses that name what acts before the figure
 * make a question: not a bare "3.61万个基层党组织…", nor "已建成…" whose subject is elsewhere.
 */
function figureQuestions(articles: Article[], cited: Citation[]): string[] {
  const questions: string[] = [];
  for (const article of articles) {
    for (const span of bodySentences(article)) {
      if (overlapsCited(article.docId, span.start, span.end, cited)) continue;
      for (const clause of article.text.slice(span.start, span.end).split(CLAUSE_BREAK)) {
        const match = FIGURE_IN_CLAUSE.exec(clause);
        if (!match) continue;
        const lead = clause
          .slice(0, match.index)
          .replace(LEAD_FILLER, "")
          .replace(/[超近约逾]$/, "")
          .trim();
        const tail = clause.slice(match.index + match[0].length).trim();
        if (lead.length < MIN_LEAD_CHARS || lead.length + tail.length > MAX_CLAUSE_CHARS) continue;
        if (SUBJECT_ELSEWHERE.test(lead) || /[“”"「」（）()]/.test(lead + tail)) continue;
        const asked = `${lead}多少${match[1]}${tail}？`;
        // A clause with two figures would still state one of them: not a question.
        if (!FIGURE_IN_CLAUSE.test(asked)) questions.push(asked);
      }
    }
  }
  return questions;
}

/** A sub-heading asked about: "如何把链上企业党组织聚合起来？", "“强组织,建机制”有哪些做法？". */
function headingQuestions(articles: Article[], index: SearchIndex): string[] {
  return articles.flatMap((article) =>
    article.paragraphs
      .filter((paragraph) => paragraph.kind === "heading")
      .map((paragraph) =>
        article.text
          .slice(paragraph.start, paragraph.end)
          .replace(/(?<![。！？!?—\-\s])[。！？!?—\-\s]+$/u, "")
          .trim(),
      )
      .filter((heading) => heading.length >= 4 && heading.length <= MAX_HEADING_CHARS && !/[“”"]/.test(heading))
      .map((heading) => {
        const first = index.segmenter.tag(heading)[0];
        const actsFirst = first !== undefined && (/^v/.test(first.tag) || first.word === "把");
        return actsFirst ? `如何${heading}？` : `“${heading}”有哪些做法？`;
      }),
  );
}

/** Alternate the two kinds, so three suggestions are not three figures of one paragraph. */
function interleave(first: string[], second: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(first.length, second.length); i++) {
    for (const suggestion of [first[i], second[i]]) if (suggestion) out.push(suggestion);
  }
  return out;
}

const folded = (text: string) => text.replace(/[\s？?。！!“”"]/g, "");

export async function offlineFollowUps(
  question: string,
  result: Pick<AnswerResult, "refused" | "citations">,
  index: SearchIndex,
  tryAnswer: TryAnswer,
): Promise<string[]> {
  if (result.refused || result.citations.length === 0) return [];
  const articles = [...new Set(result.citations.map((citation) => citation.docId))]
    .map((docId) => index.articleById.get(docId))
    .filter((article): article is Article => article !== undefined);
  const docIds = new Set(articles.map((article) => article.docId));
  const asked = folded(question);
  const candidates = [
    ...new Set(interleave(figureQuestions(articles, result.citations), headingQuestions(articles, index))),
  ]
    .filter((candidate) => folded(candidate) !== asked)
    .slice(0, MAX_CANDIDATES);
  const kept: string[] = [];
  for (const candidate of candidates) {
    const answer = await tryAnswer(candidate);
    const fresh = answer.citations.some(
      (c) => docIds.has(c.docId) && !overlapsCited(c.docId, c.start, c.end, result.citations),
    );
    if (!answer.refused && answer.coverage === "answered" && fresh) kept.push(candidate);
    if (kept.length === MAX_FOLLOW_UPS) break;
  }
  return kept;
}
