// Edits to a saved briefing's points, as the list PUT /api/saved-briefings/:id
// takes: the points to keep, in order, each {id, text}. Pure, so the rules are
// unit-tested: move, remove and rewrite leave every other point as it was.
import type { ShownPoint } from "./briefing-reducer.js";

export type PointEdit = Array<{ id: string; text: string }>;

function listed(points: ShownPoint[]): PointEdit {
  return points.flatMap((point) => (point.id ? [{ id: point.id, text: point.text }] : []));
}

/** The points with the one at `index` moved up (-1) or down (+1); unchanged at either end. */
export function movePoint(points: ShownPoint[], index: number, by: -1 | 1): PointEdit {
  const edit = listed(points);
  const target = index + by;
  if (index < 0 || index >= edit.length || target < 0 || target >= edit.length) return edit;
  const [moved] = edit.splice(index, 1);
  if (moved) edit.splice(target, 0, moved);
  return edit;
}

export function removePoint(points: ShownPoint[], index: number): PointEdit {
  return listed(points).filter((_point, i) => i !== index);
}

/** The point at `index` with new words; its citation markers are added back by the server. */
export function rewritePoint(points: ShownPoint[], index: number, text: string): PointEdit {
  return listed(points).map((point, i) => (i === index ? { ...point, text: text.trim() } : point));
}
