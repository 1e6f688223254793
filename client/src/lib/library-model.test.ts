import { describe, expect, it } from "vitest";
import type { SourceSummary } from "../../../server/protocol.js";
import {
  displayName,
  filterSources,
  rejectionOf,
  uploadPercent,
  withProgress,
  type UploadItem,
} from "./library-model.js";

const source = (name: string, title?: string): SourceSummary => ({
  sourceId: name,
  name,
  ...(title ? { title } : {}),
  format: "txt",
  bytes: 10,
  articles: 1,
  addedAt: "2025-07-01T00:00:00Z",
  origin: "seed",
  status: "ready",
});
const item = (stage: UploadItem["stage"], extra: Partial<UploadItem> = {}): UploadItem => ({
  id: "1",
  name: "a.pdf",
  stage,
  sent: 0,
  done: 0,
  total: 0,
  ...extra,
});

describe("library model", () => {
  it("takes the formats the server reads and names the file it refuses", () => {
    expect(rejectionOf({ name: "第5版.PDF", size: 10 })).toBeUndefined();
    expect(rejectionOf({ name: "页面.htm", size: 10 })).toBeUndefined();
    expect(rejectionOf({ name: "表格.xlsx", size: 10 })).toContain("表格.xlsx");
    expect(rejectionOf({ name: "无扩展名", size: 10 })).toContain("不支持");
    expect(rejectionOf({ name: "空.txt", size: 0 })).toContain("空文件");
  });

  it("reads the upload's stages as one rising bar", () => {
    const percents = [
      item("waiting"),
      item("sending", { sent: 0.5 }),
      item("sending", { sent: 1 }),
      item("parse", { done: 1, total: 1 }),
      item("embed", { done: 5, total: 10 }),
      item("index"),
      item("ready"),
    ].map(uploadPercent);
    expect(percents).toEqual([0, 20, 40, 50, 70, 95, 100]);
  });

  it("applies a progress event to the upload with that name only", () => {
    const items = [item("sending", { id: "1", name: "a.pdf" }), item("sending", { id: "2", name: "b.docx" })];
    const next = withProgress(items, { sourceId: "u-1", name: "b.docx", stage: "embed", done: 3, total: 9 });
    expect(next[0]).toBe(items[0]);
    expect(next[1]).toMatchObject({ stage: "embed", done: 3, total: 9 });
    expect(withProgress(items, { sourceId: "u-2", name: "c.txt", stage: "parse", done: 0, total: 1 })).toBe(items);
  });

  it("searches names and titles, full- and half-width alike", () => {
    const sources = [
      source("000_e0a201f519d5c824.txt", "红色引擎驱动工业腾飞"),
      source("黔东南 第5版.pdf", "数字乡村服务站点亮黔东南"),
      source("Report.docx"),
    ];
    expect(filterSources(sources, "引擎").map((s) => s.name)).toEqual(["000_e0a201f519d5c824.txt"]);
    expect(filterSources(sources, "第５版").map((s) => s.name)).toEqual(["黔东南 第5版.pdf"]);
    expect(filterSources(sources, "report").map((s) => s.name)).toEqual(["Report.docx"]);
    expect(filterSources(sources, "  ")).toBe(sources);
  });

  it("shows a title instead of a machine file name, and a person's file name as it is", () => {
    expect(displayName(source("000_e0a201f519d5c824.txt", "红色引擎驱动工业腾飞"))).toBe("红色引擎驱动工业腾飞");
    expect(displayName(source("黔东南 第5版.pdf", "数字乡村服务站点亮黔东南"))).toBe("黔东南 第5版.pdf");
  });
});
