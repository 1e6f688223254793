// What the 1-vs-2-process benchmark (workers.ts) measures, read by its report (workers-report.ts).

/** Cores busy on average during a run: CPU seconds ÷ wall seconds. */
export interface CoresUsed {
  /** The server's processes (primary, workers, their threads). */
  server: number;
  /** Of which their main threads (event loops); the rest is worker threads (answer composition) and V8's own. */
  serverMain: number;
  /** The server's busiest single thread: one thread can use one core at most. */
  serverBusiest: number;
  /** The load-client process. */
  clients: number;
  redis: number;
  /** Every process on the machine, neighbours included. */
  machine: number;
}

/** CPU milliseconds one answer cost (medians over the rounds). */
export interface CostPerAnswer {
  /** The server's busiest single thread. */
  busiest: number;
  /** Everything: the server's threads, the load clients and Redis. */
  total: number;
}

export interface SettingResult {
  name: string;
  answersPerSec: number[];
  median: number;
  errors: number;
  doneP95: number;
  cores: CoresUsed;
  costMs: CostPerAnswer;
}

export interface WorkersResult {
  clients: number;
  seconds: number;
  rounds: number;
  cpus: number;
  /** Per setting: answers/s of each round, and medians of the rest. */
  settings: SettingResult[];
  ratio: number;
}
