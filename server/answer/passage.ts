// A numbered passage handed to the model: citation n ↔ passages[n - 1]. Its
// text is exactly article.text.slice(start, end), so a citation of it points
// at the quoted span.
import type { Article } from "../../ingest/article.js";

export interface Passage {
  n: number;
  article: Article;
  start: number;
  end: number;
  /** The passage text shown to the model. */
  text: string;
}
