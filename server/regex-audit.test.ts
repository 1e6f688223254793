// Every regular expression in server/ and ingest/ must run in linear time on
// any input: one with two quantifiers that can trade the same characters
// (`\s*[,\s]+`), or one that fails after a long run and is retried from every
// position of it (`\s+$`), freezes the event loop for minutes on a crafted
// model reply or page (issue 14). scslre (the analysis behind
// eslint-plugin-regexp's no-super-linear-* rules) finds both kinds.
// Literals are read from the source with the TypeScript parser; patterns built
// with `new RegExp` at module level are caught as the modules load.
import { analyse, type Report } from "scslre";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./config.js";

const AUDITED = ["server", "ingest"];

function sourceFiles(): string[] {
  return AUDITED.flatMap((folder) =>
    readdirSync(path.join(PROJECT_ROOT, folder), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.endsWith(".d.ts"))
      .map((file) => path.join(folder, file)),
  );
}

/** Files that `npm run …` or a test starts as a process (test-support/*-child.ts): importing them would run them. */
function entryPoints(): Set<string> {
  const scripts = Object.values(JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts);
  const started = scripts.flatMap((script) =>
    [...String(script).matchAll(/\btsx\s+(\S+\.ts)\b/g)].map((m) => path.normalize(m[1]!)),
  );
  const children = sourceFiles().filter(
    (file) => file.includes(`test-support${path.sep}`) && file.endsWith("-child.ts"),
  );
  return new Set([...started, ...children]);
}

interface Found {
  where: string;
  source: string;
  flags: string;
}

function literalsIn(file: string): Found[] {
  const text = readFileSync(path.join(PROJECT_ROOT, file), "utf8");
  const tree = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Found[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText(tree);
      const slash = literal.lastIndexOf("/");
      const line = tree.getLineAndCharacterOfPosition(node.getStart(tree)).line + 1;
      found.push({ where: `${file}:${line}`, source: literal.slice(1, slash), flags: literal.slice(slash + 1) });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

/** Patterns our modules build with `new RegExp` while they load. */
async function builtWhileLoading(files: string[]): Promise<Found[]> {
  const found: Found[] = [];
  const original = globalThis.RegExp;
  const ours = (stack: string) =>
    stack
      .split("\n")
      .slice(2)
      .find((line) => AUDITED.some((dir) => line.includes(`/${dir}/`)) && !line.includes("node_modules"));
  globalThis.RegExp = new Proxy(original, {
    construct(target, args: [string | RegExp, string?], newTarget) {
      const made = Reflect.construct(target, args, newTarget) as RegExp;
      const caller = ours(new Error().stack ?? "");
      if (caller)
        found.push({
          where: caller
            .trim()
            .replace(/^at\s+/, "")
            .replace(PROJECT_ROOT + path.sep, ""),
          source: made.source,
          flags: made.flags,
        });
      return made;
    },
  });
  try {
    for (const file of files) await import(path.join(PROJECT_ROOT, file));
  } finally {
    globalThis.RegExp = original;
  }
  return found;
}

function describeReport(found: Found, report: Report): string {
  const kind =
    report.type === "Move"
      ? "fails after a run and is retried from each position (super-linear move)"
      : "quantifiers trade characters";
  return `${found.where} /${found.source}/${found.flags}: ${kind}, attack: "${report.character.pick}" repeated`;
}

function problems(found: Found[]): string[] {
  return found.flatMap((entry) =>
    analyse({ source: entry.source, flags: entry.flags }).reports.map((report) => describeReport(entry, report)),
  );
}

describe("regular expressions in server/ and ingest/", () => {
  const files = sourceFiles();

  it("finds the sources it audits", () => {
    expect(files).toContain(path.join("server", "answer", "citations.ts"));
    expect(files).toContain(path.join("ingest", "clean.ts"));
    expect(files.length).toBeGreaterThan(40);
  });

  it("has no literal with super-linear backtracking", () => {
    const literals = files.flatMap(literalsIn);
    expect(literals.length).toBeGreaterThan(100);
    expect(problems(literals)).toEqual([]);
  });

  it("builds no pattern with super-linear backtracking while loading", async () => {
    const skipped = entryPoints();
    expect(skipped.has(path.join("server", "start.ts"))).toBe(true);
    const built = await builtWhileLoading(files.filter((file) => !skipped.has(file)));
    // The citation markers and the figure reader are built this way; proof the capture works.
    expect(built.some((entry) => entry.where.includes("citations.ts"))).toBe(true);
    expect(problems(built)).toEqual([]);
  }, 60_000);

  it("flags the patterns of issue 14 (the audit can fail)", () => {
    const old = [
      { where: "clean.ts (before)", source: "[\\s\\u00a0\\u3000]+$", flags: "u" },
      {
        where: "citations.ts (before)",
        source: "[\\[［]\\s*(?:\\d+(?:\\s*[,，、;；\\s]+\\s*\\d+)*)?\\s*[\\]］]",
        flags: "g",
      },
    ];
    expect(old.map((entry) => problems([entry]).length > 0)).toEqual([true, true]);
  });
});
