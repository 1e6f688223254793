// Key points written by the model, checked line by line as they stream in, so
// each can be sent as soon as it is complete and already final: markers that
// point nowhere are removed, a passage cited by an earlier point is not cited
// again (no two points rest on the same sentence), clauses with a figure the
// cited passage does not hold are dropped, and a point left uncited is dropped.
// Citation numbers are given in order of first use.
import { cleanCitationMarkers, parseCitationMarkers, renumberCitations } from "../answer/citations.js";
import { removeUnsupportedFigures } from "../answer/figures.js";
import { joinNotices, removedFiguresNotice, removedMarkersNotice } from "../answer/notices.js";
import type { Citation } from "../answer/types.js";
import { toCitation } from "../answer/passage.js";
import type { KeyPointCandidate } from "./candidates.js";
import { MAX_POINTS } from "./select.js";
import type { BriefingPoint } from "./types.js";

const BULLET = /^\s*(?:[-*•·]|\d{1,2}[.、)）]|[（(]\d{1,2}[)）])\s*/;
/** A key point is a sentence or two; a longer line is not one, and is not worth checking. */
export const MAX_POINT_LINE_CHARS = 1000;

export class LlmPointChecker {
  readonly points: BriefingPoint[] = [];
  readonly citations: Citation[] = [];
  readonly removedMarkers: number[] = [];
  readonly removedFigures: string[] = [];
  /** Passage number → citation number, in order of first use. */
  private readonly order: number[] = [];

  constructor(private readonly passages: KeyPointCandidate[]) {}

  /** Check one line of the model's output; the point and its new citations when it is kept. */
  accept(line: string): { point: BriefingPoint; citations: Citation[] } | undefined {
    if (this.points.length >= MAX_POINTS || line.length > MAX_POINT_LINE_CHARS) return undefined;
    const raw = line.replace(BULLET, "").trim();
    if (raw === "") return undefined;
    const valid = new Set(this.passages.map((_, i) => i + 1));
    const cleaned = cleanCitationMarkers(raw, valid);
    for (const n of cleaned.removed) if (!this.removedMarkers.includes(n)) this.removedMarkers.push(n);
    const fresh = cleanCitationMarkers(cleaned.text, new Set([...valid].filter((n) => !this.order.includes(n)))).text;
    const quotes = new Map(parseCitationMarkers(fresh).map((n) => [n, this.passages[n - 1]?.text ?? ""]));
    const checked = removeUnsupportedFigures(fresh, quotes);
    this.removedFigures.push(...checked.removed);
    const cited = parseCitationMarkers(checked.text);
    if (cited.length === 0 || checked.text.trim() === "") return undefined;
    const added = cited.filter((n) => !this.order.includes(n));
    this.order.push(...added);
    const citations = added.flatMap((n) => {
      const passage = this.passages[n - 1];
      return passage ? [toCitation(passage, this.order.indexOf(n) + 1)] : [];
    });
    this.citations.push(...citations);
    const text = renumberCitations(checked.text, this.order);
    const point = { text, citations: parseCitationMarkers(text) };
    this.points.push(point);
    return { point, citations };
  }

  notice(): string | undefined {
    return joinNotices([
      this.removedMarkers.length > 0 && removedMarkersNotice(this.removedMarkers),
      this.removedFigures.length > 0 && removedFiguresNotice(this.removedFigures),
    ]);
  }
}

/**
 * Splits streamed text into complete lines. Only the new text is split, so a
 * long line costs its length once; past MAX_POINT_LINE_CHARS a line is kept
 * one character too long (the checker drops it) and the rest is not stored.
 */
export class LineBuffer {
  private pending = "";
  push(delta: string): string[] {
    const parts = delta.split(/\r?\n/);
    const last = parts.pop() ?? "";
    if (parts.length === 0) {
      if (this.pending.length <= MAX_POINT_LINE_CHARS) this.pending = capLine(this.pending + last);
      return [];
    }
    const [first = "", ...rest] = parts;
    const lines = [capLine(this.pending + first), ...rest.map(capLine)];
    this.pending = capLine(last);
    return lines;
  }
  flush(): string[] {
    const rest = this.pending;
    this.pending = "";
    return rest.trim() === "" ? [] : [rest];
  }
}

function capLine(line: string): string {
  return line.length > MAX_POINT_LINE_CHARS ? line.slice(0, MAX_POINT_LINE_CHARS + 1) : line;
}
