// A file of named typed arrays, read in one go: the index's large tables (postings, offsets,
// lengths, chunk spans) without a JSON string the size of the corpus. V8's longest string is
// ~512 MB, and lexical.json alone reached 40 % of it at 1000× the seeds.
//
// Layout: "CNAIDX1\n" · u32 header length · header JSON ({ meta, sections: [{ name, type,
// offset, length }] }) · the sections, each at an 8-byte-aligned offset, little-endian.
// Strings are stored as UTF-16 code units, V8's own form for Chinese text: decoding them is a copy,
// where UTF-8 decoding ran at ~130 MB/s and was most of the time to open an index of 1000× the seeds.
import { open, type FileHandle } from "node:fs/promises";
import { itemAt, uint32At } from "./indexed.js";

const MAGIC = Buffer.from("CNAIDX1\n", "latin1");

const ARRAY_TYPES = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f32: Float32Array,
  f64: Float64Array,
};
type ArrayType = keyof typeof ARRAY_TYPES;
export type Section = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

interface SectionEntry {
  name: string;
  type: ArrayType;
  offset: number;
  length: number;
}

export class BinaryFormatError extends Error {}

function typeOf(array: Section): ArrayType {
  if (array instanceof Uint8Array) return "u8";
  if (array instanceof Uint16Array) return "u16";
  if (array instanceof Uint32Array) return "u32";
  if (array instanceof Int32Array) return "i32";
  return array instanceof Float32Array ? "f32" : "f64";
}

const align8 = (value: number) => Math.ceil(value / 8) * 8;

/** Written section by section: no second copy of the tables is made (at 10,000× they are gigabytes). */
export async function writeBinaryFile(file: string, meta: unknown, sections: Record<string, Section>): Promise<void> {
  const entries: SectionEntry[] = [];
  let offset = 0;
  for (const [name, array] of Object.entries(sections)) {
    entries.push({ name, type: typeOf(array), offset, length: array.length });
    offset = align8(offset + array.byteLength);
  }
  const header = Buffer.from(JSON.stringify({ meta, sections: entries }), "utf8");
  const dataStart = align8(MAGIC.length + 4 + header.length);
  const head = Buffer.alloc(dataStart);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(header.length, MAGIC.length);
  header.copy(head, MAGIC.length + 4);
  const handle = await open(file, "w");
  try {
    await writeAll(handle, head, 0);
    for (const [i, array] of Object.values(sections).entries()) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      await writeAll(handle, bytes, dataStart + itemAt(entries, i).offset);
    }
    await handle.truncate(dataStart + offset);
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, done, Math.min(bytes.length - done, 1 << 30), position + done);
    done += bytesWritten;
  }
}

export interface BinaryFile {
  meta: unknown;
  section<T extends ArrayType>(name: string, type: T): InstanceType<(typeof ARRAY_TYPES)[T]>;
}

/** Parse the bytes of a file written by writeBinaryFile; sections are views on them (no copies). */
export function parseBinaryFile(read: Buffer): BinaryFile {
  // Typed views need their element alignment; a pooled small buffer may not start on 8 bytes.
  const aligned = read.byteOffset % 8 === 0 && read.buffer instanceof ArrayBuffer;
  const arrayBuffer = aligned && read.buffer instanceof ArrayBuffer ? read.buffer : new Uint8Array(read).buffer;
  const buffer = aligned ? read : Buffer.from(arrayBuffer);
  if (buffer.length < MAGIC.length + 4 || !buffer.subarray(0, MAGIC.length).equals(MAGIC))
    throw new BinaryFormatError("it is not an index table file");
  const headerLength = buffer.readUInt32LE(MAGIC.length);
  let header: { meta: unknown; sections: SectionEntry[] };
  try {
    header = JSON.parse(buffer.toString("utf8", MAGIC.length + 4, MAGIC.length + 4 + headerLength));
  } catch {
    throw new BinaryFormatError("its header is not valid");
  }
  const dataStart = align8(MAGIC.length + 4 + headerLength);
  const byName = new Map(header.sections.map((entry) => [entry.name, entry]));
  return {
    meta: header.meta,
    section(name, type) {
      const entry = byName.get(name);
      if (!entry || entry.type !== type) throw new BinaryFormatError(`it has no ${type} section "${name}"`);
      const Constructor = ARRAY_TYPES[type];
      const start = dataStart + entry.offset;
      if (start + entry.length * Constructor.BYTES_PER_ELEMENT > buffer.length)
        throw new BinaryFormatError(`its section "${name}" runs past the end`);
      return new Constructor(arrayBuffer, buffer.byteOffset + start, entry.length) as InstanceType<
        (typeof ARRAY_TYPES)[typeof type]
      >;
    },
  };
}

/** Strings as one run of UTF-16 code units and their end offsets (so no separator is reserved). */
export function packStrings(strings: readonly string[]): { chars: Uint16Array; ends: Uint32Array } {
  const ends = new Uint32Array(strings.length);
  let end = 0;
  strings.forEach((text, i) => (ends[i] = end += text.length));
  const chars = new Uint16Array(end);
  const bytes = Buffer.from(chars.buffer, chars.byteOffset, chars.byteLength);
  strings.forEach((text, i) => bytes.write(text, (uint32At(ends, i) - text.length) * 2, "utf16le"));
  return { chars, ends };
}

/**
 * The strings back, decoded a block of neighbours at a time (≥ 256 Ki code units, one string in
 * V8's large-object space) and sliced out of it: a long string is then a small slice object, so the
 * garbage collector does not copy tens of megabytes of article text from young to old space at
 * load (it did: 2 s of a 1000× load were scavenges).
 */
export function unpackStrings(chars: Uint16Array, ends: Uint32Array): string[] {
  const at = stringsOf(chars);
  const out = new Array<string>(ends.length);
  for (let first = 0, blockStart = 0; first < ends.length;) {
    let last = first;
    while (last + 1 < ends.length && uint32At(ends, last) - blockStart < BLOCK_CHARS) last++;
    const block = at(blockStart, uint32At(ends, last));
    for (let i = first, start = blockStart; i <= last; start = uint32At(ends, i++))
      out[i] = block.slice(start - blockStart, uint32At(ends, i) - blockStart);
    blockStart = uint32At(ends, last);
    first = last + 1;
  }
  return out;
}

const BLOCK_CHARS = 1 << 18;

/** A reader of the strings in `chars`: (start, end) → the string of code units chars[start, end). */
export function stringsOf(chars: Uint16Array): (start: number, end: number) => string {
  const bytes = Buffer.from(chars.buffer, chars.byteOffset, chars.byteLength);
  return (start, end) => bytes.toString("utf16le", start * 2, end * 2);
}
