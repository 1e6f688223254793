// A typed array that grows as values are pushed (capacity doubling): counts of a corpus whose
// size is not known in advance, without a JS array of boxed numbers per feature occurrence.

import { MissingValueError } from "./indexed.js";

type IntArray = Int32Array | Uint32Array;

export class GrowableArray<T extends IntArray> {
  private values: T;
  private used = 0;

  constructor(
    private readonly Type: new (length: number) => T,
    capacity = 1024,
  ) {
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
    const value = this.values[index];
    if (value === undefined)
      throw new MissingValueError(`index ${index} is outside the ${this.values.length} allocated`);
    return value;
  }

  set(index: number, value: number): void {
    this.values[index] = value;
  }

  add(index: number, amount: number): void {
    this.values[index] = this.at(index) + amount;
  }

  /** The values pushed so far (a view: valid until the next push). */
  view(): T {
    return this.values.subarray(0, this.used) as T;
  }
}
