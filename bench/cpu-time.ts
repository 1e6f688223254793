// CPU time from /proc (Linux), for benchmarks that must say where a machine's
// cores went: a process tree's own time (all its threads, its children), and
// the whole machine's busy time (every process, a neighbour's included).
import { readFile } from "node:fs/promises";

/** Clock ticks per second of /proc's counters (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** CPU seconds (user + system, all threads) of a process and its descendants; 0 once it is gone. */
export async function treeCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  if (stat === "") return 0;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const own = (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / TICKS;
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  const ids = children.split(" ").filter((id) => id.trim() !== "").map(Number);
  const theirs = await Promise.all(ids.map((id) => treeCpuSeconds(id)));
  return own + theirs.reduce((sum, value) => sum + value, 0);
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
