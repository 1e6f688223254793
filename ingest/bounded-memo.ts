// Results of pure text functions that one answer asks for many times over (a question tagged by
// several stages, an article folded once per entity it is checked for). Each memo is bounded by
// entries, oldest out first, so a long-running server never holds a copy of the corpus; and all
// of them can be emptied at once, so a benchmark can measure an answer without what earlier
// answers left behind (bench/answer-latency.ts --cold).

const memos = new Set<BoundedMemo<unknown, unknown>>();

export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {
    memos.add(this as BoundedMemo<unknown, unknown>);
  }

  /** The remembered value for `key`, or `make()`'s, remembered. */
  get(key: K, make: () => V): V {
    if (this.entries.has(key)) return this.entries.get(key) as V;
    const value = make();
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, value);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Empties every memo: the next answer starts from nothing remembered. */
export function clearMemos(): void {
  for (const memo of memos) memo.clear();
}
