// A passage for prompt and model-client unit tests: `text` as the whole of an article of its own.
import type { Article } from "../../ingest/articles.js";
import type { Passage } from "../answer/passage.js";

export function passageOf(n: number, title: string, source: string, text: string): Passage {
  const article: Article = {
    docId: `doc-${n}`,
    sourceId: `doc-${n}`,
    source,
    sourceName: source,
    title,
    deck: [],
    text,
    paragraphs: [],
  };
  return { n, article, start: 0, end: text.length, text };
}
