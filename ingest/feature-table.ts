// The features of a run of chunk texts, counted once for both indexes an ingest builds: the local
// embedder's features (words "w:" and character bigrams "b:", LocalHashEmbeddings.features) as
// ids with counts in typed arrays, and BM25's postings from the same words. Each distinct feature
// is named, hashed and looked up in the IDF once, not once per occurrence; a vector is then sums
// over arrays. The results are those of LocalHashEmbeddings.fit / unitVector and
// Bm25Index.build(...).toTables() to the last bit: the same additions, in the same order.
import type { Bm25Tables } from "./bm25.js";
import { addFeature, fnv1a, normalise, unseenIdf, type IdfTable } from "./embed.js";
import { charBigrams } from "./segment.js";
import { GrowableArray } from "./growable-array.js";
import { float64At, int32At, uint32At } from "./indexed.js";

export class FeatureTable {
  private readonly wordIds = new Map<string, number>();
  private readonly bigramIds = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly hashes = new GrowableArray(Uint32Array);
  /** Feature id → its BM25 term (a word's rank among the words), −1 for a bigram. */
  private readonly terms = new GrowableArray(Int32Array);
  private readonly frequencies = new GrowableArray(Uint32Array);
  private termCount = 0;
  /** Per text, its features in first-seen order (words, then bigrams) and their counts. */
  private readonly features = new GrowableArray(Int32Array);
  private readonly counts = new GrowableArray(Uint32Array);
  private readonly ends = new GrowableArray(Uint32Array);
  private readonly lengths = new GrowableArray(Uint32Array);
  /** Where in the current text a feature was first seen (valid when seenIn[id] is this text). */
  private readonly seenAt = new GrowableArray(Int32Array);
  private readonly seenIn = new GrowableArray(Int32Array);

  /** bigrams false: words only, for BM25 (an index built without vectors needs no embedder features). */
  constructor(private readonly options: { bigrams: boolean } = { bigrams: true }) {}

  /** Add a text with its words (Segmenter.tokens). */
  addText(text: string, words: readonly string[]): void {
    const textIndex = this.ends.length;
    for (const word of words) this.addFeature(textIndex, this.wordIds, word, "w:");
    if (this.options.bigrams)
      for (const bigram of charBigrams(text)) this.addFeature(textIndex, this.bigramIds, bigram, "b:");
    this.ends.push(this.features.length);
    this.lengths.push(words.length);
  }

  private addFeature(textIndex: number, ids: Map<string, number>, key: string, prefix: "w:" | "b:"): void {
    let id = ids.get(key);
    if (id === undefined) {
      id = this.names.length;
      ids.set(key, id);
      const name = prefix + key;
      this.names.push(name);
      this.hashes.push(fnv1a(name));
      this.terms.push(prefix === "w:" ? this.termCount++ : -1);
      this.frequencies.push(0);
      this.seenIn.push(-1);
      this.seenAt.push(0);
    }
    if (this.seenIn.at(id) === textIndex) {
      this.counts.add(this.seenAt.at(id), 1);
      return;
    }
    this.seenIn.set(id, textIndex);
    this.seenAt.set(id, this.features.length);
    this.frequencies.add(id, 1);
    this.features.push(id);
    this.counts.push(1);
  }

  /** Feature → texts holding it, in first-seen order (LocalHashEmbeddings.documentFrequencies). */
  documentFrequencies(): Map<string, number> {
    return new Map(this.names.map((name, id) => [name, this.frequencies.at(id)]));
  }

  /** Each feature's IDF in `table`, by id. */
  idfOf(table: IdfTable): Float64Array {
    const unseen = unseenIdf(table);
    return Float64Array.from(this.names, (name) => table.idf[name] ?? unseen);
  }

  /** The unit vector of text `text` (LocalHashEmbeddings.unitVector with `idf`). */
  vector(text: number, idf: Float64Array, dimensions: number): Float64Array {
    const vector = new Float64Array(dimensions);
    const [hashes, terms, features, counts] = [
      this.hashes.view(),
      this.terms.view(),
      this.features.view(),
      this.counts.view(),
    ];
    for (let at = text === 0 ? 0 : this.ends.at(text - 1); at < this.ends.at(text); at++) {
      const id = int32At(features, at);
      addFeature(vector, uint32At(hashes, id), int32At(terms, id) >= 0, uint32At(counts, at), float64At(idf, id));
    }
    return normalise(vector);
  }

  /** BM25 tables over the texts (k1, b as Bm25Index.build's defaults). */
  bm25Tables(k1 = 1.2, b = 0.75): Bm25Tables {
    const [terms, features, counts, ends] = [
      this.terms.view(),
      this.features.view(),
      this.counts.view(),
      this.ends.view(),
    ];
    const termStarts = new Uint32Array(this.termCount + 1);
    for (const [id, term] of terms.entries()) if (term >= 0) termStarts[term + 1] = this.frequencies.at(id);
    let total = 0;
    termStarts.forEach((count, i) => (termStarts[i] = total += count));
    const documents = new Int32Array(total);
    const frequencies = new Uint32Array(documents.length);
    const filled = termStarts.slice(0, this.termCount);
    let text = 0;
    features.forEach((id, at) => {
      while (at >= uint32At(ends, text)) text++; // texts without features end where they start
      const term = int32At(terms, id);
      if (term < 0) return;
      const into = uint32At(filled, term);
      documents[into] = text;
      frequencies[into] = uint32At(counts, at);
      filled[term] = into + 1;
    });
    const wordNames = [...this.wordIds.keys()];
    return {
      k1,
      b,
      documentLengths: this.lengths.view().slice(),
      terms: wordNames,
      termStarts,
      documents,
      frequencies,
    };
  }
}
