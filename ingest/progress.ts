// Progress for long work: a redrawn bar on a terminal, a plain line every few
// seconds otherwise (CI logs, pipes), and nothing for work that ends quickly.

export interface ProgressReporter {
  update(label: string, done: number, total: number): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 3000): ProgressReporter {
  const interactive = Boolean(stream.isTTY);
  let lastPrint = performance.now();
  let drewBar = false;
  return {
    update(label, done, total) {
      const now = performance.now();
      const finished = done >= total;
      if (interactive) {
        const width = 30;
        const filled = Math.round((done / Math.max(1, total)) * width);
        stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
        drewBar = true;
      } else if (now - lastPrint >= intervalMs || (finished && now - lastPrint >= intervalMs / 3)) {
        stream.write(`${label}: ${done}/${total}\n`);
        lastPrint = now;
      }
    },
    done() {
      if (drewBar) stream.write("\n");
      drewBar = false;
    },
  };
}
