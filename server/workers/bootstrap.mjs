// Entry of every worker thread of the work pool (server/work-pool.ts): loads
// TypeScript with tsx (a worker does not inherit a test runner's or the
// parent's module loader) and calls a task, an export of some module. All task
// modules are imported through load-module.ts, in one module graph. Plain
// JavaScript, because it is what loads TypeScript.
import { tsImport } from "tsx/esm/api";

const loader = tsImport("./load-module.ts", import.meta.url);
// Each task module once per worker: a dynamic import() of the same URL goes through tsx's resolve hook
// every time, a round trip to Node's loader thread (~0.3 ms of each run, on a third thread).
const loaded = new Map();

function moduleAt(url) {
  let module = loaded.get(url);
  if (!module) {
    module = loader.then(({ loadModule }) => loadModule(url));
    loaded.set(url, module);
    module.catch(() => loaded.delete(url)); // a module that failed to load is tried again by the next run
  }
  return module;
}

/** `{module, task, args}` → the result of `module[task](...args)`. */
export default async function runTask({ module, task, args }) {
  const exported = (await moduleAt(module))[task];
  if (typeof exported !== "function") throw new TypeError(`${module} exports no task "${task}"`);
  return exported(...args);
}
