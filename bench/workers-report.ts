// The table bench/workers.ts prints (and `npm run bench` puts in its report):
// answers/s per setting, where the cores went, and what the CPU each answer
// costs allows on this machine with nothing else running.
import type { WorkersResult } from "./workers-types.js";

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * What the measured CPU costs allow on this machine with nothing else running: a process serves at most as
 * fast as its busiest thread allows (one thread, one core) and the machine's cores allow the whole set-up
 * (server, load clients, Redis). An upper bound on the ratio, whatever the neighbours did during the runs.
 */
function ceilingLine(result: WorkersResult): string {
  const one = result.settings.find((setting) => setting.name === "1 process, REDIS_URL");
  const two = result.settings.find((setting) => setting.name.startsWith("WORKERS=2"));
  if (!one || !two || one.costMs.total === 0 || two.costMs.total === 0) return "";
  const cores = result.cpus * 1000;
  const oneMax = Math.min(1000 / one.costMs.busiest, cores / one.costMs.total);
  const twoMax = Math.min(2000 / two.costMs.busiest, cores / two.costMs.total);
  return (
    `CPU per answer: 1 process ${one.costMs.busiest} ms on its busiest thread, ${one.costMs.total} ms in all ` +
    `(server, clients, Redis); 2 workers ${two.costMs.busiest} and ${two.costMs.total} ms. On ${result.cpus} ` +
    `idle cores that allows at most ${Math.round(oneMax)} answers/s from 1 process and ${Math.round(twoMax)} ` +
    `from 2: a ratio of at most **${round2(twoMax / oneMax)}×**`
  );
}

export function workersTable(result: WorkersResult): string {
  const rows = result.settings.map((s) => {
    const ours = s.cores.server + s.cores.clients + s.cores.redis;
    const perCore = ours > 0 ? Math.round(s.median / ours) : "–";
    const { server, serverMain, serverBusiest, clients, redis, machine } = s.cores;
    return (
      `| ${s.name} | ${s.answersPerSec.join(" / ")} | **${s.median}** | ${server} (${serverMain}; ${serverBusiest}) | ` +
      `${clients} | ${redis} | ` +
      `${round2(machine - ours)} | ${machine} | ${perCore} | ${s.doneP95} | ${s.errors} |`
    );
  });
  return [
    `${result.clients} Socket.IO clients, ${result.seconds} s per run, ${result.rounds} rounds, ` +
      `${result.cpus} cores; ` +
      `2 workers ÷ 1 process on Redis = **${result.ratio}×**`,
    "",
    "| server | answers/s per round | median | cores: server (its main threads; its busiest thread) | " +
      "load clients | redis-server | " +
      "other jobs | " +
      "whole machine | answers per core-second (server + clients + Redis) | done p95 ms | errors |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    ceilingLine(result),
  ].join("\n");
}
