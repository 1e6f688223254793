// A numbered passage handed to the model: citation n ↔ passages[n - 1].
import type { RetrievedChunk } from "../retrieval.js";

export interface Passage {
  n: number;
  hit: RetrievedChunk;
  /** The passage text shown to the model (the chunk text). */
  text: string;
}
