// Eval reports from eval/reports/: the list with headline numbers, one opened
// as its HTML report, two compared; and a run on an uploaded question file
// (the JSONL format of eval/questions.jsonl) with a progress bar.
import { useCallback, useEffect, useState } from "react";
import type { EvalComparisonResponseBody, EvalReportSummary } from "../../../server/protocol.js";
import { useEvalRun } from "../hooks/use-eval-run.js";
import { compareEvalReports, evalReportUrl, listEvalReports } from "../net/tools-api.js";
import { formatDateTime } from "../lib/markdown-export.js";

interface EvalReportsProps {
  token: string | undefined;
  adminToken: string | undefined;
}

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : `${(value * 100).toFixed(1)}%`;

export function EvalReports({ token, adminToken }: EvalReportsProps) {
  const { reports, selected, opened, comparison, error, run, toggle, compare, open } = useEvalReports(
    token,
    adminToken,
  );
  return (
    <section className="tool-panel" aria-label="评测报告" data-testid="eval-reports">
      <div className="eval-upload">
        <UploadButton onFile={(file) => void run.start(file)} />
        <RunProgress state={run.state} />
      </div>
      {error && (
        <p className="notice notice-refused" role="alert">
          {error}
        </p>
      )}
      <ReportTable reports={reports} selected={selected} onToggle={toggle} onOpen={open} />
      {reports.length === 0 && <p className="footer-meta">还没有评测报告：运行 npm run eval，或上传问题文件。</p>}
      <button
        type="button"
        className="briefing-button"
        data-testid="eval-compare"
        disabled={selected.length !== 2}
        onClick={() => void compare()}
      >
        对比所选两次
      </button>
      {comparison && <ComparisonView comparison={comparison} />}
      {opened && <ReportFrame name={opened} />}
    </section>
  );
}

/**
 * The reports listed, the (at most two) ticked for comparison, the one opened or the comparison shown, and
 * the run on an uploaded file (its report opens when it is done).
 */
function useEvalReports(token: string | undefined, adminToken: string | undefined) {
  const [reports, setReports] = useState<EvalReportSummary[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [opened, setOpened] = useState<string>();
  const [comparison, setComparison] = useState<EvalComparisonResponseBody>();
  const [error, setError] = useState<string>();
  const refresh = useCallback(
    () => listEvalReports(token).then(setReports, (failure: unknown) => setError(String(failure))),
    [token],
  );
  useEffect(() => void refresh(), [refresh]);
  const open = useCallback((report: string) => {
    setComparison(undefined);
    setOpened(report);
  }, []);
  const onRunDone = useCallback(
    (report: string) => {
      void refresh();
      open(report);
    },
    [refresh, open],
  );
  const run = useEvalRun(token, adminToken, onRunDone);

  const toggle = (name: string) =>
    setSelected((current) =>
      current.includes(name) ? current.filter((n) => n !== name) : [...current, name].slice(-2),
    );
  const compare = async () => {
    const [before, after] = olderAndNewer(selected, reports);
    if (!before || !after) return;
    try {
      setOpened(undefined);
      setComparison(await compareEvalReports(before.name, after.name, token));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "对比失败。");
    }
  };
  return { reports, selected, opened, comparison, error, run, toggle, compare, open };
}

/** The two selected reports, the older first (a comparison reads before → after). */
function olderAndNewer(selected: string[], reports: EvalReportSummary[]) {
  const [newer, older] = selected
    .map((name) => reports.find((report) => report.name === name))
    .sort((a, b) => (b?.createdAt ?? "").localeCompare(a?.createdAt ?? ""));
  return [older, newer];
}

/** One report's HTML, sandboxed: it is a file from eval/reports/, shown as it was written. */
function ReportFrame({ name }: { name: string }) {
  return (
    <iframe
      className="eval-report-frame"
      data-testid="eval-report-frame"
      title={`评测报告 ${name}`}
      src={evalReportUrl(name)}
      sandbox=""
    />
  );
}

interface ReportTableProps {
  reports: EvalReportSummary[];
  selected: string[];
  onToggle: (name: string) => void;
  onOpen: (name: string) => void;
}

function ReportTable({ reports, selected, onToggle, onOpen }: ReportTableProps) {
  return (
    <div className="table-scroll">
      <table className="check-table" data-testid="eval-report-list">
        <thead>
          <tr>
            <th scope="col">选</th>
            <th scope="col">时间</th>
            <th scope="col">问题文件</th>
            <th scope="col">dev 准确率</th>
            <th scope="col">test 准确率</th>
            <th scope="col">R@5</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {reports.map((report) => (
            <tr key={report.name} data-testid="eval-report">
              <td>
                <input
                  type="checkbox"
                  aria-label={`选择 ${report.name} 用于对比`}
                  checked={selected.includes(report.name)}
                  onChange={() => onToggle(report.name)}
                />
              </td>
              <td>{formatDateTime(new Date(report.createdAt))}</td>
              <td>
                {report.questionsFile ?? "—"}
                {report.malformedLines > 0 ? `（${report.malformedLines} 行格式错误）` : ""}
              </td>
              <td>{percent(report.splits.dev?.answerAccuracy)}</td>
              <td>{percent(report.splits.test?.answerAccuracy)}</td>
              <td>{percent(report.splits.dev?.recallAt5 ?? report.splits.test?.recallAt5)}</td>
              <td>
                <button
                  type="button"
                  className="text-button"
                  data-testid="eval-open"
                  onClick={() => onOpen(report.name)}
                >
                  打开
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UploadButton({ onFile }: { onFile: (file: File) => void }) {
  return (
    <label className="briefing-button" data-testid="eval-upload-label">
      上传问题文件（.jsonl）运行评测
      <input
        type="file"
        accept=".jsonl,.ndjson,.txt,application/x-ndjson"
        className="offscreen"
        data-testid="eval-upload"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          event.target.value = "";
        }}
      />
    </label>
  );
}

function RunProgress({ state }: { state: ReturnType<typeof useEvalRun>["state"] }) {
  if (state.status === "idle") return null;
  if (state.status === "failed")
    return (
      <p className="notice notice-refused" role="alert" data-testid="eval-run-error">
        {state.message}
      </p>
    );
  const { done, total, file } = state.run;
  return (
    <div className="eval-progress" data-testid="eval-progress" data-status={state.status}>
      <progress max={total} value={done} aria-label={`评测进度 ${file}`} />
      <span>{state.status === "done" ? `${file}：${total} 题已完成，报告已打开` : `${file}：${done} / ${total}`}</span>
    </div>
  );
}

function ComparisonView({ comparison }: { comparison: EvalComparisonResponseBody }) {
  const overall = comparison.comparison.deltas.filter((delta) => delta.scope === "overall" && delta.change !== "n/a");
  return (
    <div className="eval-comparison" data-testid="eval-comparison">
      <h3 className="briefing-heading">
        对比：{comparison.before} → {comparison.after}
      </h3>
      <table className="check-table">
        <thead>
          <tr>
            <th scope="col">划分</th>
            <th scope="col">指标</th>
            <th scope="col">之前</th>
            <th scope="col">之后</th>
            <th scope="col">变化</th>
          </tr>
        </thead>
        <tbody>
          {overall.map((delta) => (
            <tr key={`${delta.split}-${delta.metric}`} className={`change-${delta.change}`}>
              <td>{delta.split}</td>
              <td>{delta.metric}</td>
              <td>{delta.before?.toFixed(3) ?? "—"}</td>
              <td>{delta.after?.toFixed(3) ?? "—"}</td>
              <td>{delta.change}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="footer-meta">
        变好 {comparison.comparison.fixed.length} 题 · 变差 {comparison.comparison.broken.length} 题
      </p>
    </div>
  );
}
