// The citations of one answer: each quoted unit gets a number the first time it
// is cited, and the same unit cited again keeps it.
import type { Candidate } from "./gather.js";
import type { Citation } from "./types.js";

type Citable = Pick<Candidate, "article" | "start" | "end" | "text" | "field">;

export function toCitation(unit: Citable, n: number): Citation {
  const { article } = unit;
  return {
    n,
    docId: article.docId,
    source: article.source,
    sourceId: article.sourceId,
    sourceName: article.sourceName,
    title: article.title,
    ...(article.author ? { author: article.author } : {}),
    quote: unit.text,
    start: unit.start,
    end: unit.end,
    ...(unit.field ? { field: unit.field } : {}),
  };
}

export class CitationList {
  private readonly byKey = new Map<string, Citation>();

  /** The number of `unit`, assigning the next one on first use. */
  number(unit: Citable): number {
    const key = `${unit.article.docId}:${unit.field ?? "text"}:${unit.start}:${unit.end}`;
    let citation = this.byKey.get(key);
    if (!citation) {
      citation = toCitation(unit, this.byKey.size + 1);
      this.byKey.set(key, citation);
    }
    return citation.n;
  }

  /** "[n]" for `unit`. */
  marker(unit: Citable): string {
    return `[${this.number(unit)}]`;
  }

  get citations(): Citation[] {
    return [...this.byKey.values()];
  }
}
