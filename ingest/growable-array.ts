// A typed array that grows as values are pushed (capacity doubling): counts of a corpus whose
// size is not known in advance, without a JS array of boxed numbers per feature occurrence.

type IntArray = Int32Array | Uint32Array;

export class GrowableArray<T extends IntArray> {
  private values: T;
  private used = 0;

  constructor(private readonly Type: new (length: number) => T, capacity = 1024) {
    this.values = new Type(capacity);
  }

  get length(): number {
    return this.used;
  }

  push(value: number): void {
    if (this.used === this.values.length) {
      const larger = new this.Type(this.values.length * 2);
      larger.set(this.values);
      this.values = larger;
    }
    this.values[this.used++] = value;
  }

  at(index: number): number {
    return this.values[index]!;
  }

  set(index: number, value: number): void {
    this.values[index] = value;
  }

  add(index: number, amount: number): void {
    this.values[index]! += amount;
  }

  /** The values pushed so far (a view: valid until the next push). */
  view(): T {
    return this.values.subarray(0, this.used) as T;
  }
}
