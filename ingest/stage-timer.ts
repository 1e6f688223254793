// How long each named stage of an ingest took, in whole milliseconds (the ingest summary's stageMs).

export type TimedStage = <T>(stage: string, work: () => Promise<T> | T) => Promise<T>;

/** A timer recording each stage it runs into `stageMs` (a new record unless one is given). */
export function stageTimer(stageMs: Record<string, number> = {}): {
  stageMs: Record<string, number>;
  timed: TimedStage;
} {
  const timed: TimedStage = async (stage, work) => {
    const started = performance.now();
    const result = await work();
    stageMs[stage] = Math.round(performance.now() - started);
    return result;
  };
  return { stageMs, timed };
}
