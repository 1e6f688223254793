// Reads that must find a value — an array slot inside its length, a key put in a map earlier —
// without a non-null assertion: a miss is a bug, so it throws a named error instead of letting an
// `undefined` travel on as a number. The typed-array readers are one per array type so that each
// stays monomorphic where the BM25 loops inline it (bench/bm25-bench.ts measured no slowdown).

/** An index outside an array, or a key missing from a map, where the code put it there itself. */
export class MissingValueError extends RangeError {
  override readonly name = "MissingValueError";
}

function outside(index: number, length: number): never {
  throw new MissingValueError(`index ${index} is outside 0..${length - 1}`);
}

/** items[index], which must exist (for arrays that never hold undefined). */
export function itemAt<T>(items: ArrayLike<T>, index: number): T {
  const item = items[index];
  return item === undefined ? outside(index, items.length) : item;
}

/** The last item of a non-empty array. */
export function lastItem<T>(items: ArrayLike<T>): T {
  return itemAt(items, items.length - 1);
}

export function int32At(values: Int32Array, index: number): number {
  const value = values[index];
  return value === undefined ? outside(index, values.length) : value;
}

export function uint32At(values: Uint32Array, index: number): number {
  const value = values[index];
  return value === undefined ? outside(index, values.length) : value;
}

export function float64At(values: Float64Array, index: number): number {
  const value = values[index];
  return value === undefined ? outside(index, values.length) : value;
}

/** map.get(key) for a key the caller put in (maps that never hold undefined): `what` names the map. */
export function mustGet<K, V>(map: Pick<ReadonlyMap<K, V>, "get">, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new MissingValueError(`${what}: no entry for ${String(key)}`);
  return value;
}
