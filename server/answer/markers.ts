// Where an extractive answer puts a citation marker: before the final full stop
// ("…901个[1]。"), or after a closing quotation mark ("……。”[1]").
import { CLAUSE_MARKS, trimEndOf } from "./text-edges.js";

export function withMarker(text: string, marker: string): string {
  const trimmed = text.trim();
  if (/[”"」』]$/.test(trimmed)) return `${trimmed}${marker}`;
  return `${trimEndOf(trimmed, CLAUSE_MARKS)}${marker}。`;
}
