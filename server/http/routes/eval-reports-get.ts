// GET /api/eval/reports: the eval runs in eval/reports/, newest first, with
// their headline numbers. GET /api/eval/reports/:name: one run's HTML report,
// under a policy that lets its inline styles render and nothing else run.
import type { RequestHandler } from "express";
import { listReports, reportHtml } from "../../evaluation/eval-reports.js";
import type { EvalReportListResponseBody } from "../../protocol.js";

/** The report is self-contained: inline styles, inline SVG charts, no scripts, no fetches. */
const REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

export function evalReportsGet(reportsDir: string): RequestHandler {
  return async (_request, response, next) => {
    try {
      const body: EvalReportListResponseBody = { reports: await listReports(reportsDir) };
      response.json(body);
    } catch (error) {
      next(error);
    }
  };
}

export function evalReportGet(reportsDir: string): RequestHandler {
  return async (request, response, next) => {
    try {
      const html = await reportHtml(reportsDir, String(request.params.name ?? ""));
      response.setHeader("Content-Security-Policy", REPORT_POLICY);
      response.type("html").send(html);
    } catch (error) {
      next(error);
    }
  };
}
