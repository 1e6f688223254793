// The real server in its own process for the load benchmarks (bench/server-child.ts): started on a
// free loopback port, asked for its memory over IPC, stopped by message so it can drain first.
import { fork } from "node:child_process";
import path from "node:path";
import { BENCH_DIR } from "./stats.js";

export interface BenchServer {
  url: string;
  rss(): Promise<{ rss: number; peakRss: number }>;
  /** Asks the server to stop; resolves once its process has exited. */
  stop(): Promise<void>;
}

export async function startBenchServer(indexDir: string): Promise<BenchServer> {
  const server = fork(path.join(BENCH_DIR, "server-child.ts"), [indexDir], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    server.stdout?.on("data", (data: Buffer) => {
      out += data.toString("utf8");
      const match = /\{"port":(\d+)\}/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    rss: () =>
      new Promise((resolve) => {
        server.once("message", (message) => resolve(message as { rss: number; peakRss: number }));
        server.send("rss");
      }),
    stop: async () => {
      server.send("stop");
      await exited;
    },
  };
}
