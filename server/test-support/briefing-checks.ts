// Checks every briefing must pass, whatever wrote it (offline, model, route): shared by the tests.
import { expect } from "vitest";
import type { Briefing, BriefingPoint } from "../briefing/types.js";

/** The checks every briefing must pass, whatever wrote it. */
export function expectSound(briefing: Briefing, articleText: (docId: string) => string): void {
  expect(briefing.points.length).toBeGreaterThanOrEqual(3);
  expect(briefing.points.length).toBeLessThanOrEqual(8);
  const numbers = new Set(briefing.citations.map((citation) => citation.n));
  for (const citation of briefing.citations)
    expect(articleText(citation.docId).slice(citation.start, citation.end)).toBe(citation.quote);
  for (const point of briefing.points) {
    expect(point.citations.length).toBeGreaterThanOrEqual(1);
    for (const n of point.citations) {
      expect(numbers.has(n)).toBe(true);
      expect(point.text).toContain(`[${n}]`);
    }
  }
  const quoted = briefing.points
    .flatMap((point: BriefingPoint) =>
      point.citations.map((n) => briefing.citations.find((citation) => citation.n === n)!),
    )
    .map((citation) => `${citation.docId}:${citation.start}`);
  expect(new Set(quoted).size).toBe(quoted.length);
  for (const figure of briefing.figures) {
    const citation = briefing.citations.find((candidate) => candidate.n === figure.citation);
    expect(citation, `figure ${figure.value} cites [${figure.citation}]`).toBeDefined();
    expect(citation!.quote).toContain(figure.value);
    expect(figure.label.length).toBeGreaterThan(0);
  }
}
