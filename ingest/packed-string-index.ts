// Exact lookup of a string among packed ones (binary-file.ts packStrings) without making a JS
// string per entry. The loaded IDF table has ~100k features at 1000× the seeds: unpacking them into
// an object took ~230 ms of the index load (string slices, then dictionary-mode inserts); hashing
// the code units in place into an open-addressing table takes a few milliseconds.
import { FNV_OFFSET, FNV_PRIME, fnv1a } from "./embed.js";
import { uint32At } from "./indexed.js";

const EMPTY = -1;

export class PackedStringIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(
    private readonly chars: Uint16Array,
    private readonly ends: Uint32Array,
  ) {
    // At most half full, so a miss ends after a probe or two.
    let size = 16;
    while (size < ends.length * 2) size *= 2;
    const slots = new Int32Array(size).fill(EMPTY);
    const mask = size - 1;
    // One pass over the code units, hashing each string as fnv1a does, with locals and typed arrays
    // read directly: this runs once per load, mostly before the optimiser has seen it.
    for (let i = 0, start = 0; i < ends.length; i++) {
      const end = ends[i]!;
      let hash = FNV_OFFSET;
      for (let c = start; c < end; c++) hash = Math.imul(hash ^ chars[c]!, FNV_PRIME);
      let slot = (hash >>> 0) & mask;
      while (slots[slot] !== EMPTY && !this.samePacked(slots[slot]!, i)) slot = (slot + 1) & mask;
      if (slots[slot] === EMPTY) slots[slot] = i; // a repeated string keeps its first position
      start = end;
    }
    this.slots = slots;
    this.mask = mask;
  }

  get size(): number {
    return this.ends.length;
  }

  /** The position of `text` among the packed strings, or -1. */
  indexOf(text: string): number {
    let slot = fnv1a(text) & this.mask;
    for (let entry = this.slots[slot]!; entry !== EMPTY; entry = this.slots[slot]!) {
      if (this.equals(entry, text)) return entry;
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }

  private start(i: number): number {
    return i === 0 ? 0 : uint32At(this.ends, i - 1);
  }

  private equals(i: number, text: string): boolean {
    const start = this.start(i);
    if (uint32At(this.ends, i) - start !== text.length) return false;
    for (let c = 0; c < text.length; c++) if (this.chars[start + c] !== text.charCodeAt(c)) return false;
    return true;
  }

  private samePacked(i: number, j: number): boolean {
    const [a, b] = [this.start(i), this.start(j)];
    const length = uint32At(this.ends, i) - a;
    if (uint32At(this.ends, j) - b !== length) return false;
    for (let c = 0; c < length; c++) if (this.chars[a + c] !== this.chars[b + c]) return false;
    return true;
  }
}
