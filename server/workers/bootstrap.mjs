// Entry of every worker thread of the work pool (server/work-pool.ts): loads a
// TypeScript task module with tsx (a worker does not inherit a test runner's
// or the parent's module loader) and calls one of its exports. Plain
// JavaScript, because it is what loads TypeScript.
import { tsImport } from "tsx/esm/api";

const modules = new Map();

/** `{module, task, args}` → the result of `module[task](...args)`. */
export default async function runTask({ module, task, args }) {
  let loaded = modules.get(module);
  if (!loaded) {
    loaded = tsImport(module, import.meta.url);
    modules.set(module, loaded);
  }
  const exported = (await loaded)[task];
  if (typeof exported !== "function") throw new TypeError(`${module} exports no task "${task}"`);
  return exported(...args);
}
