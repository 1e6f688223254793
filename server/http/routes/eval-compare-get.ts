// GET /api/eval/compare?before=NAME&after=NAME: what got better and worse
// between two eval runs (the comparison of `npm run eval -- --compare`).
import type { RequestHandler } from "express";
import { z } from "zod";
import { compareNamedReports, REPORT_NAME } from "../../evaluation/eval-reports.js";
import { parseWithSchema } from "../../validation.js";

const reportName = (field: string) =>
  z
    .string({ required_error: `${field} is required: a report name from GET /api/eval/reports` })
    .regex(REPORT_NAME, `${field} must be a report name`);
const querySchema = z.object({ before: reportName("before"), after: reportName("after") });

export function evalCompareGet(reportsDir: string): RequestHandler {
  return async (request, response, next) => {
    try {
      const { before, after } = parseWithSchema(querySchema, request.query);
      response.json(await compareNamedReports(reportsDir, before, after));
    } catch (error) {
      next(error);
    }
  };
}
