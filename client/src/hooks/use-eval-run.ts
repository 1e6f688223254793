// An eval run on an uploaded question file: started on the server, then polled
// for its progress until its report is written.
import { useCallback, useEffect, useRef, useState } from "react";
import type { EvalRunStatus } from "../../../server/protocol.js";
import { fetchEvalRun, startEvalRun } from "../net/tools-api.js";

const POLL_MS = 400;

export type EvalRunState =
  { status: "idle" } | { status: "failed"; message: string } | { status: "running" | "done"; run: EvalRunStatus };

export function useEvalRun(
  token: string | undefined,
  adminToken: string | undefined,
  onDone: (report: string) => void,
) {
  const [state, setState] = useState<EvalRunState>({ status: "idle" });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const start = useCallback(
    async (file: File) => {
      clearTimeout(timer.current);
      const failed = (error: unknown, fallback: string) =>
        setState({ status: "failed", message: error instanceof Error ? error.message : fallback });
      const follow = (runId: string) => {
        timer.current = setTimeout(() => {
          fetchEvalRun(runId, token).then(
            (run) => {
              if (run.status === "running") {
                setState({ status: "running", run });
                follow(runId);
              } else if (run.status === "done" && run.report) {
                setState({ status: "done", run });
                onDone(run.report);
              } else setState({ status: "failed", message: run.error ?? "评测运行失败。" });
            },
            (error: unknown) => failed(error, "无法读取评测进度。"),
          );
        }, POLL_MS);
      };
      try {
        const run = await startEvalRun(file.name, await file.text(), token, adminToken);
        setState({ status: "running", run });
        follow(run.runId);
      } catch (error) {
        failed(error, "评测没有开始。");
      }
    },
    [token, adminToken, onDone],
  );

  return { state, start };
}
