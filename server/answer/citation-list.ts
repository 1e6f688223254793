// The citations of one answer: each quoted unit gets a number the first time it
// is cited, and the same unit cited again keeps it.
import { toCitation, type QuotedSpan } from "./passage.js";
import type { Citation } from "./types.js";

export class CitationList {
  private readonly byKey = new Map<string, Citation>();

  /** The number of `unit`, assigning the next one on first use. */
  number(unit: QuotedSpan): number {
    const key = `${unit.article.docId}:${unit.field ?? "text"}:${unit.start}:${unit.end}`;
    let citation = this.byKey.get(key);
    if (!citation) {
      citation = toCitation(unit, this.byKey.size + 1);
      this.byKey.set(key, citation);
    }
    return citation.n;
  }

  /** "[n]" for `unit`. */
  marker(unit: QuotedSpan): string {
    return `[${this.number(unit)}]`;
  }

  get citations(): Citation[] {
    return [...this.byKey.values()];
  }
}
