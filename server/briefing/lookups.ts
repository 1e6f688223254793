// What a briefing looks up about the corpus, built once per index (O(corpus)
// at start-up) so that no briefing request does work proportional to the
// corpus: the provinces of each article and page, the chunks of an article,
// and each chunk's position in the index.
import type { Chunk } from "../../ingest/chunk.js";
import type { SearchIndex } from "../retrieval/retriever.js";
import { placesOf } from "../retrieval/scope.js";
import type { ArticlePlaces } from "../answer/places.js";

export class BriefingLookups {
  readonly places: ArticlePlaces;
  private readonly byDoc = new Map<string, Chunk[]>();
  private readonly order = new Map<string, number>();

  constructor(index: Pick<SearchIndex, "articles" | "chunks">) {
    this.places = placesOf(index.articles);
    index.chunks.forEach((chunk, position) => {
      this.order.set(chunk.chunkId, position);
      const chunks = this.byDoc.get(chunk.docId) ?? [];
      chunks.push(chunk);
      this.byDoc.set(chunk.docId, chunks);
    });
  }

  chunksOf(docId: string): Chunk[] {
    return this.byDoc.get(docId) ?? [];
  }

  /** Position of the chunk in the index (chunks unknown to the index sort last). */
  chunkOrder(chunk: Chunk): number {
    return this.order.get(chunk.chunkId) ?? Number.MAX_SAFE_INTEGER;
  }
}
