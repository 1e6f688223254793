import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestError } from "./errors.js";
import { loadSeeds, sha256 } from "./load.js";

const SEED_PAGE = new URL("../seeds/000_e0a201f519d5c824.txt", import.meta.url);

const BAD_FILES: Array<[string, string, Buffer]> = [
  ["an empty file", "empty.txt", Buffer.alloc(0)],
  ["a binary file", "binary.txt", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a])],
  ["a file in no known encoding", "latin1.txt", Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xa9, 0xbf, 0x20, 0xff])],
  ["a whitespace-only file", "blank.md", Buffer.from(" \n\t\r\n\u3000\n", "utf8")],
];
const REASONS: Record<string, RegExp> = {
  "empty.txt": /empty/,
  "binary.txt": /binary/,
  "latin1.txt": /neither UTF-8 nor GB18030/,
  "blank.md": /only whitespace/,
};

let root: string;
let pageBytes: Buffer;

async function folderWith(name: string, files: Record<string, Buffer | string>): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir);
  for (const [file, content] of Object.entries(files)) await writeFile(path.join(dir, file), content);
  return dir;
}

async function ingestErrorOf(work: Promise<unknown>): Promise<IngestError> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "ingest-load-"));
  pageBytes = await readFile(SEED_PAGE);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("loadSeeds with an invalid file", () => {
  it.each(BAD_FILES)("stops on %s with invalid_seed naming the file and the reason", async (_what, name, bytes) => {
    const dir = await folderWith(`bad-${name}`, { "good.txt": pageBytes, [name]: bytes });
    const error = await ingestErrorOf(loadSeeds(dir));
    expect(error.code).toBe("invalid_seed");
    expect(error.message).toContain(path.join(dir, name));
    expect(error.message).toMatch(REASONS[name]!);
    expect(error.message).not.toContain("good.txt");
  });

  it("lists every invalid file in one error", async () => {
    const dir = await folderWith("all-bad", Object.fromEntries(BAD_FILES.map(([, name, bytes]) => [name, bytes])));
    const error = await ingestErrorOf(loadSeeds(dir));
    expect(error.code).toBe("invalid_seed");
    expect(error.message).toContain("Cannot ingest 4 seed file(s)");
    for (const [, name] of BAD_FILES) expect(error.message).toContain(path.join(dir, name));
  });

  it("with skipInvalid, lists them in rejected and loads the good files", async () => {
    const dir = await folderWith("skip", {
      "good.txt": pageBytes,
      ...Object.fromEntries(BAD_FILES.map(([, name, bytes]) => [name, bytes])),
    });
    const { files, rejected } = await loadSeeds(dir, { skipInvalid: true });
    expect(files.map((file) => file.name)).toEqual(["good.txt"]);
    expect(rejected.map((file) => file.name)).toEqual(["binary.txt", "blank.md", "empty.txt", "latin1.txt"]);
    for (const file of rejected) expect(file.reason).toMatch(REASONS[file.name]!);
  });

  it("with skipInvalid and nothing usable left, returns no files (the pipeline then reports no_seeds)", async () => {
    const dir = await folderWith("skip-all", { "empty.txt": Buffer.alloc(0) });
    expect((await loadSeeds(dir, { skipInvalid: true })).files).toEqual([]);
  });

  it("decodes a GBK page instead of refusing it, and says which encoding it used", async () => {
    const dir = await folderWith("gbk", { "gbk.txt": Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0xd2, 0xb3, 0xc3, 0xe6]) });
    const [file] = (await loadSeeds(dir)).files;
    expect(file!.parsed).toMatchObject({ text: "中文页面", encoding: "gb18030" });
  });

  it("does not follow a symbolic link out of the seeds folder", async () => {
    const dir = await folderWith("escape", { "good.txt": pageBytes });
    await symlink("/etc/passwd", path.join(dir, "passwd.txt"));
    const error = await ingestErrorOf(loadSeeds(dir));
    expect(error.message).toContain("passwd.txt");
    expect(error.message).toMatch(/outside the seeds folder/);
    const { files, rejected } = await loadSeeds(dir, { skipInvalid: true });
    expect(files.map((file) => file.name)).toEqual(["good.txt"]);
    expect(rejected.map((file) => file.name)).toEqual(["passwd.txt"]);
    expect(JSON.stringify(files)).not.toContain("root:");
  });
});

describe("loadSeeds on folders", () => {
  it("reports a missing folder as seeds_missing", async () => {
    const missing = path.join(root, "does-not-exist");
    const error = await ingestErrorOf(loadSeeds(missing));
    expect(error.code).toBe("seeds_missing");
    expect(error.message).toContain(missing);
  });

  it("reports a file given as the folder as seeds_missing", async () => {
    const dir = await folderWith("file-as-folder", { "page.txt": pageBytes });
    expect((await ingestErrorOf(loadSeeds(path.join(dir, "page.txt")))).code).toBe("seeds_missing");
  });

  it("names files of other types as ignored rather than dropping them silently", async () => {
    const dir = await folderWith("no-pages", { "table.xlsx": "x", README: "text", "page.txt": pageBytes });
    const { files, ignored } = await loadSeeds(dir);
    expect(files.map((file) => file.name)).toEqual(["page.txt"]);
    expect(ignored.map((file) => file.name)).toEqual(["README", "table.xlsx"]);
  });

  it("loads .txt and .md pages in name order and ignores other files and sub-folders", async () => {
    const dir = await folderWith("mixed", {
      "b.md": "# 标题\n\n正文。",
      "a.txt": pageBytes,
      "C.TXT": "大写扩展名。",
      "image.png": Buffer.from([0x89, 0x50, 0x00]),
      "page.txt.bak": "",
    });
    await mkdir(path.join(dir, "sub.txt"));
    const { files, rejected, ignored } = await loadSeeds(dir);
    expect(files.map((file) => file.name)).toEqual(["C.TXT", "a.txt", "b.md"]);
    expect(rejected).toEqual([]);
    expect(ignored.map((file) => file.name)).toEqual(["image.png", "page.txt.bak"]);
  });

  // Regression (fixed): listSeedFiles (load.ts) keeps only `entry.isFile()` directory entries, and a Dirent for a
  // symbolic link is not a file, so a seeds folder of symlinked pages is silently ignored: loadSeeds
  // throws no_seeds ("No usable .txt or .md files") instead of loading linked.txt.
  // Links are followed only inside the seeds folder (see "does not follow a symbolic link out…").
  it("loads a .txt page that is a symbolic link to a file inside the folder", async () => {
    const dir = await folderWith("symlinked", {});
    await mkdir(path.join(dir, "pages"));
    await writeFile(path.join(dir, "pages", "real.txt"), pageBytes);
    await symlink(path.join(dir, "pages", "real.txt"), path.join(dir, "linked.txt"));
    const { files } = await loadSeeds(dir);
    expect(files.map((file) => [file.name, file.bytes])).toEqual([["linked.txt", pageBytes.length]]);
  });

  it("returns parsed text, byte count and a sha256 that matches node's crypto", async () => {
    const dir = await folderWith("checksum", { "000_e0a201f519d5c824.txt": pageBytes });
    const [file] = (await loadSeeds(dir)).files;
    expect(file!.sha256).toBe(createHash("sha256").update(pageBytes).digest("hex"));
    expect(file!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(file!.bytes).toBe(pageBytes.length);
    expect(file!.parsed).toMatchObject({ format: "txt", encoding: "utf-8", text: pageBytes.toString("utf8") });
    expect(file!.parsed.text).toContain("红色引擎驱动工业腾飞");
  });
});

describe("sha256", () => {
  it("hashes strings and buffers alike", () => {
    expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256(Buffer.from("党建", "utf8"))).toBe(sha256("党建"));
  });
});
