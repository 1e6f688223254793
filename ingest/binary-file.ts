// A file of named typed arrays, read in one go: the index's large tables (postings, offsets,
// lengths, chunk spans) without a JSON string the size of the corpus. V8's longest string is
// ~512 MB, and lexical.json alone reached 40 % of it at 1000× the seeds.
//
// Layout: "CNAIDX1\n" · u32 header length · header JSON ({ meta, sections: [{ name, type,
// offset, length }] }) · the sections, each at an 8-byte-aligned offset, little-endian.
import { readFile, writeFile } from "node:fs/promises";

const MAGIC = Buffer.from("CNAIDX1\n", "latin1");

const ARRAY_TYPES = { u8: Uint8Array, u32: Uint32Array, i32: Int32Array, f32: Float32Array, f64: Float64Array };
type ArrayType = keyof typeof ARRAY_TYPES;
export type Section = Uint8Array | Uint32Array | Int32Array | Float32Array | Float64Array;

interface SectionEntry {
  name: string;
  type: ArrayType;
  offset: number;
  length: number;
}

export class BinaryFormatError extends Error {}

function typeOf(array: Section): ArrayType {
  if (array instanceof Uint8Array) return "u8";
  if (array instanceof Uint32Array) return "u32";
  if (array instanceof Int32Array) return "i32";
  return array instanceof Float32Array ? "f32" : "f64";
}

const align8 = (value: number) => Math.ceil(value / 8) * 8;

export async function writeBinaryFile(file: string, meta: unknown, sections: Record<string, Section>): Promise<void> {
  const entries: SectionEntry[] = [];
  let offset = 0;
  for (const [name, array] of Object.entries(sections)) {
    entries.push({ name, type: typeOf(array), offset, length: array.length });
    offset = align8(offset + array.byteLength);
  }
  const header = Buffer.from(JSON.stringify({ meta, sections: entries }), "utf8");
  const dataStart = align8(MAGIC.length + 4 + header.length);
  const out = Buffer.alloc(dataStart + offset);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(header.length, MAGIC.length);
  header.copy(out, MAGIC.length + 4);
  for (const [i, array] of Object.values(sections).entries()) {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + entries[i]!.offset);
  }
  await writeFile(file, out);
}

export interface BinaryFile {
  meta: unknown;
  section<T extends ArrayType>(name: string, type: T): InstanceType<(typeof ARRAY_TYPES)[T]>;
}

/** Read a file written by writeBinaryFile; sections are views on the one buffer read (no copies). */
export async function readBinaryFile(file: string): Promise<BinaryFile> {
  const read = await readFile(file);
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

/** Strings as one UTF-8 blob and their end offsets (so no separator character is reserved). */
export function packStrings(strings: string[]): { blob: Uint8Array; ends: Uint32Array } {
  const parts = strings.map((text) => Buffer.from(text, "utf8"));
  const ends = new Uint32Array(parts.length);
  let end = 0;
  parts.forEach((part, i) => (ends[i] = end += part.length));
  return { blob: Buffer.concat(parts), ends };
}

export function unpackStrings(blob: Uint8Array, ends: Uint32Array): string[] {
  const buffer = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const out = new Array<string>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    out[i] = buffer.toString("utf8", start, ends[i]!);
    start = ends[i]!;
  }
  return out;
}
