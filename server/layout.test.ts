// The layout's one rule, kept true by a test: arrows run one way. ingest/ is the corpus library
// (it never reads the application); server/ is the application on top of it; eval/ and bench/
// drive both; the client speaks to the server only through its protocol types and the Markdown
// export format both sides render (server/markdown/, pure). Tests may reach across (an ingest test
// checks that the server retrieves what ingest built); the code that ships may not. And no two
// files import each other around a loop, type-only imports included.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./config.js";
import { importCycles, layerViolations, readImportGraph, type LayerRule } from "./test-support/import-graph.js";

const isTest = (file: string) =>
  /\.test\.tsx?$/.test(file) || file.includes("test-support/") || file.startsWith("client/e2e/");
const under =
  (...dirs: string[]) =>
  (file: string) =>
    dirs.some((dir) => file.startsWith(`${dir}/`));
const sharedWithClient = (file: string) => file === "server/protocol.ts" || file.startsWith("server/markdown/");

const RULES: LayerRule[] = [
  { applies: isTest, mayImport: () => true, says: "tests may reach across" },
  { applies: under("ingest"), mayImport: under("ingest"), says: "ingest/ imports only ingest/" },
  { applies: under("server"), mayImport: under("server", "ingest"), says: "server/ imports server/ and ingest/" },
  {
    applies: under("eval"),
    mayImport: under("eval", "server", "ingest"),
    says: "eval/ imports eval/, server/ and ingest/",
  },
  {
    applies: under("bench"),
    mayImport: under("bench", "server", "ingest"),
    says: "bench/ imports bench/, server/ and ingest/",
  },
  {
    applies: under("client"),
    mayImport: (target) => under("client")(target) || sharedWithClient(target),
    says: "the client imports only server/protocol.ts and server/markdown/",
  },
];

const graph = readImportGraph(PROJECT_ROOT, ["ingest", "server", "eval", "bench", "client/src", "client/e2e"]);

describe("the layout", () => {
  it("reads the real import graph", () => {
    // A graph read wrong would pass every rule: the known arrows must be in it.
    expect(graph.get("server/cli/ingest.ts")).toContain("ingest/pipeline.ts");
    expect(graph.get("client/src/lib/markdown-export.ts")).toContain("server/markdown/text.ts");
    expect(graph.size).toBeGreaterThan(300);
  });

  it("has arrows that run one way", () => {
    expect(layerViolations(graph, RULES)).toEqual([]);
  });

  it("has no import cycle, type-only imports included", () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it("keeps the Markdown format the client shares pure: no Node modules, values only from itself", () => {
    for (const [file] of [...graph].filter(([file]) => file.startsWith("server/markdown/") && !isTest(file))) {
      const text = readFileSync(path.join(PROJECT_ROOT, file), "utf8");
      const valueImports = [...text.matchAll(/^import (?!type )[^;]*?from "([^"]+)"/gm)].map((match) => match[1]);
      expect(
        valueImports.filter((specifier) => !specifier?.startsWith("./")),
        file,
      ).toEqual([]);
    }
  });
});

describe("the layout checks", () => {
  const fake = new Map([
    ["ingest/a.ts", ["server/b.ts"]],
    ["server/b.ts", ["server/c.ts"]],
    ["server/c.ts", ["server/b.ts"]],
    ["server/b.test.ts", ["eval/d.ts"]],
  ]);

  it("find an arrow against the rules, and let tests through", () => {
    expect(layerViolations(fake, RULES)).toEqual(["ingest/a.ts → server/b.ts (ingest/ imports only ingest/)"]);
  });

  it("find a cycle", () => {
    expect(importCycles(fake)).toEqual([["server/b.ts", "server/c.ts"]]);
  });
});
