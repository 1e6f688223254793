// CPU time from /proc (Linux), for benchmarks that must say where a machine's
// cores went: a process tree's own time (its main threads apart from its other
// threads, worker threads and the like), and the whole machine's busy time
// (every process, a neighbour's included).
import { readdir, readFile } from "node:fs/promises";

/** Clock ticks per second of /proc's counters (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** CPU seconds (user + system) of a process tree: its processes' main threads, and all their other threads. */
export interface TreeCpu {
  main: number;
  others: number;
}

/** user + system seconds in a /proc …/stat line (the fields after the command name, which may hold spaces). */
async function statSeconds(file: string): Promise<number | undefined> {
  const stat = await readFile(file, "utf8").catch(() => "");
  if (stat === "") return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / TICKS;
}

/** CPU seconds of a process and its descendants; zeros once it is gone. */
export async function treeCpu(pid: number): Promise<TreeCpu> {
  const all = await statSeconds(`/proc/${pid}/stat`); // every thread of the process
  const main = await statSeconds(`/proc/${pid}/task/${pid}/stat`);
  if (all === undefined || main === undefined) return { main: 0, others: 0 };
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  const ids = children
    .split(" ")
    .filter((id) => id.trim() !== "")
    .map(Number);
  const theirs = await Promise.all(ids.map((id) => treeCpu(id)));
  return theirs.reduce((sum, child) => ({ main: sum.main + child.main, others: sum.others + child.others }), {
    main,
    others: Math.max(0, all - main),
  });
}

/** CPU seconds of every thread in a process tree, by "pid/tid". */
export async function threadSeconds(pid: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [])) {
    const seconds = await statSeconds(`/proc/${pid}/task/${tid}/stat`);
    if (seconds !== undefined) out.set(`${pid}/${tid}`, seconds);
  }
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  for (const id of children.split(" ").filter((text) => text.trim() !== "")) {
    for (const [key, seconds] of await threadSeconds(Number(id))) out.set(key, seconds);
  }
  return out;
}

/** The most CPU seconds one thread used between two readings of threadSeconds. */
export function busiestThread(before: Map<string, number>, after: Map<string, number>): number {
  let most = 0;
  for (const [key, seconds] of after) most = Math.max(most, seconds - (before.get(key) ?? 0));
  return most;
}

/** CPU seconds of a process tree, all threads. */
export async function treeCpuSeconds(pid: number): Promise<number> {
  const { main, others } = await treeCpu(pid);
  return main + others;
}

/** Busy CPU seconds of the whole machine so far, summed over its cores (everything but idle and iowait). */
export async function machineBusySeconds(): Promise<number> {
  const stat = await readFile("/proc/stat", "utf8").catch(() => "");
  const total = stat.split("\n").find((line) => line.startsWith("cpu "));
  if (!total) return 0;
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = total
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS;
}
