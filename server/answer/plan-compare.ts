// A comparison becomes one sub-query per side: "X和Y分别是谁" → "X是谁", "Y是谁".
// The sides are the phrases joined by 和/与/跟/同/及 before the word that
// distributes the question over them (分别, 各自, 各, 有何不同…).
import type { Segmenter } from "../../ingest/segment.js";
import { findEntities } from "./entities.js";
import { trimEndOf, trimStartOf } from "./text-edges.js";

const DISTRIBUTOR = /分别|各自|各|有何不同|有什么不同|有什么区别|的区别|相比|比较/;
const CONJUNCTION = /^(?:和|与|跟|同|及|以及)$/;

export interface ComparisonSide {
  text: string;
  /** The side as the question names it ("荷城派出所所长"): the row label of the table. */
  label: string;
  /** The entity this side is about, when the side names one. */
  entity?: string;
}

/** The sides of a comparison, or undefined when the question does not have that shape. */
export function splitComparison(question: string, segmenter: Segmenter): ComparisonSide[] | undefined {
  const distributor = DISTRIBUTOR.exec(question);
  if (!distributor) return undefined;
  const head = question.slice(0, distributor.index);
  // The rest asks the question of each side: "各由哪个单位共同主办?" → "由哪个单位共同主办?"
  let rest = question.slice(distributor.index + distributor[0].length);
  const conjunction = lastConjunctionOutsideQuotes(head, segmenter);
  if (conjunction < 0) return undefined;
  let left = head.slice(0, conjunction);
  let right = head.slice(conjunction).replace(/^(?:以及|和|与|跟|同|及)/, "");
  // "Y，除了省工信厅，": clauses after the second side belong to the question asked of both.
  const clauseBreak = right.search(/[,，]/);
  if (clauseBreak >= 0) {
    rest = `${trimEndOf(trimStartOf(right.slice(clauseBreak + 1), ",，"), ",，")}${rest}`;
    right = right.slice(0, clauseBreak);
  }
  const leftEntities = findEntities(left, segmenter);
  const rightEntities = findEntities(right, segmenter);
  // "贵州和甘肃的文章": the words after the second entity are shared by the first.
  const rightEntity = rightEntities.find((entity) => right.startsWith(entity) || right.startsWith(`${entity}省`));
  if (rightEntity && leftEntities.some((entity) => left === entity || left === `${entity}省`)) {
    const shared = right.slice(right.indexOf(rightEntity) + rightEntity.length).replace(/^省/, "");
    left += shared;
  }
  if (left.trim().length < 2 || right.trim().length < 2) return undefined;
  const side = (text: string, entities: string[]): ComparisonSide => ({
    text: `${text}${rest}`.replace(/^[,，\s]+/, ""),
    label: text.trim(),
    ...(entities[0] ? { entity: entities[0] } : {}),
  });
  return [side(left, leftEntities), side(right, rightEntities)];
}

/** The offset of the last 和/与… standing as a word of its own (not 参与, 共同) outside “…”; -1 if none. */
function lastConjunctionOutsideQuotes(text: string, segmenter: Segmenter): number {
  let depth = 0;
  let found = -1;
  let offset = 0;
  for (const word of segmenter.cut(text)) {
    for (const char of word) {
      if (char === "“" || char === "「") depth++;
      else if ((char === "”" || char === "」") && depth > 0) depth--;
    }
    if (depth === 0 && offset > 0 && CONJUNCTION.test(word)) found = offset;
    offset += word.length;
  }
  return found;
}
