// Checksums of the index files, and reading a file whole. A checksum is the file's length and
// its CRC-32 ("<bytes>:<crc32 hex>"): it finds the truncated or damaged file the load must refuse
// (hnswlib can abort the process on a corrupt graph), at ~1.6 GB/s where SHA-256 ran at ~250 MB/s
// on this machine: at 1000× the seeds the SHA-256 pass alone took 2.8 s of a load meant to take < 1 s.
// It guards against accidents, not an attacker, who could rewrite the manifest too.
import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { crc32 } from "node:zlib";

export const checksumOf = (bytes: Uint8Array): string => formatChecksum(bytes.length, crc32(bytes));

const formatChecksum = (bytes: number, crc: number) => `${bytes}:${crc.toString(16).padStart(8, "0")}`;

/** A file's bytes, read with as few reads as the OS allows (fs.readFile reads 512 KiB at a time). */
export async function readWhole(file: string): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    for (let done = 0; done < size;) {
      const { bytesRead } = await handle.read(bytes, done, Math.min(size - done, 1 << 30), done);
      if (bytesRead === 0) return bytes.subarray(0, done);
      done += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

// Plain CommonJS run by a worker thread without the TypeScript loader (nothing to compile, fast to start).
const CHECKSUM_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { openSync, readSync, closeSync } = require("node:fs");
const { crc32 } = require("node:zlib");
const fd = openSync(workerData, "r");
const buffer = Buffer.allocUnsafe(1 << 23);
let crc = 0, bytes = 0;
try {
  for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; bytes += read)
    crc = crc32(buffer.subarray(0, read), crc);
} finally {
  closeSync(fd);
}
parentPort.postMessage({ bytes, crc });
`;

/**
 * The checksum of a file, computed on a worker thread, so a large file (the HNSW graph) is checked
 * while this thread reads the other tables. Rejects when the file cannot be read.
 */
export function fileChecksum(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CHECKSUM_WORKER, { eval: true, workerData: file, execArgv: [] });
    worker.once("message", ({ bytes, crc }: { bytes: number; crc: number }) => resolve(formatChecksum(bytes, crc)));
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`checksum worker exited with ${code}`)));
  });
}
