// Entry of every worker thread of the work pool (server/work-pool.ts): loads
// TypeScript with tsx (a worker does not inherit a test runner's or the
// parent's module loader) and calls a task, an export of some module. All task
// modules are imported through load-module.ts, in one module graph. Plain
// JavaScript, because it is what loads TypeScript.
import { tsImport } from "tsx/esm/api";

const loader = tsImport("./load-module.ts", import.meta.url);

/** `{module, task, args}` → the result of `module[task](...args)`. */
export default async function runTask({ module, task, args }) {
  const exported = (await (await loader).loadModule(module))[task];
  if (typeof exported !== "function") throw new TypeError(`${module} exports no task "${task}"`);
  return exported(...args);
}
