// The project's import graph, read with TypeScript's own pre-processor (static imports and
// re-exports, `import type` included, and dynamic `import()`), for the layout test.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export type ImportGraph = Map<string, string[]>;

const SOURCE = /\.(ts|tsx|mts|mjs)$/;

/** Every source file under `dirs` (relative to `root`) and the project files each imports, as relative paths. */
export function readImportGraph(root: string, dirs: string[]): ImportGraph {
  const files = dirs.flatMap((dir) => sourceFiles(path.join(root, dir)));
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .map(({ fileName }) => resolveSpecifier(file, fileName, known))
      .filter((target): target is string => target !== undefined);
    graph.set(
      path.relative(root, file),
      [...new Set(targets)].map((target) => path.relative(root, target)),
    );
  }
  return graph;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === "node_modules" || name === "dist") return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return SOURCE.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

/** A relative specifier to the file it names ("./x.js" is x.ts or x.tsx in this project); others are packages. */
function resolveSpecifier(from: string, specifier: string, known: Set<string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [
    base,
    base.replace(/\.js$/, ".ts"),
    base.replace(/\.js$/, ".tsx"),
    base.replace(/\.mjs$/, ".mts"),
  ];
  return candidates.find((candidate) => known.has(candidate));
}

/** Groups of two or more files that import each other, directly or around a loop (Tarjan's algorithm). */
export function importCycles(graph: ImportGraph): string[][] {
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    order.set(file, order.size);
    lowest.set(file, order.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!order.has(target)) {
        visit(target);
        lowest.set(file, Math.min(lowest.get(file)!, lowest.get(target)!));
      } else if (onStack.has(target)) lowest.set(file, Math.min(lowest.get(file)!, order.get(target)!));
    }
    if (lowest.get(file) !== order.get(file)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return cycles;
}

export interface LayerRule {
  /** The files the rule is about. */
  applies: (file: string) => boolean;
  /** Whether such a file may import `target`. */
  mayImport: (target: string) => boolean;
  /** Why, for the failure message. */
  says: string;
}

/** "file → target (rule)" for every import that breaks the first rule applying to its file. */
export function layerViolations(graph: ImportGraph, rules: LayerRule[]): string[] {
  const broken: string[] = [];
  for (const [file, targets] of graph) {
    const rule = rules.find((candidate) => candidate.applies(file));
    if (!rule) continue;
    for (const target of targets) if (!rule.mayImport(target)) broken.push(`${file} → ${target} (${rule.says})`);
  }
  return broken;
}
