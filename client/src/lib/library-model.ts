// The 资料库 view's logic, kept out of the components so it is unit-tested:
// which files the library takes, how an upload's progress reads as one bar,
// searching the list, and the labels shown for each source.
import type { SourceProgressPayload, SourceSummary } from "../../../server/protocol.js";

export const ACCEPTED_EXTENSIONS = [".pdf", ".docx", ".html", ".htm", ".txt", ".md"] as const;
export const ACCEPT_ATTRIBUTE = ACCEPTED_EXTENSIONS.join(",");

export type UploadStage = "waiting" | "sending" | SourceProgressPayload["stage"] | "failed";

export interface UploadItem {
  id: string;
  name: string;
  stage: UploadStage;
  /** Share of bytes sent, 0–1. */
  sent: number;
  /** Server progress within the stage (chunks embedded…). */
  done: number;
  total: number;
  error?: string;
}

/** Why the library will not take this file, or undefined when it will. */
export function rejectionOf(file: { name: string; size: number }): string | undefined {
  const extension = /\.[^.]+$/.exec(file.name.toLowerCase())?.[0];
  if (!extension || !(ACCEPTED_EXTENSIONS as readonly string[]).includes(extension)) {
    return `不支持的文件类型：${file.name}。请上传 PDF、Word（.docx）、网页（.html）或文本（.txt、.md）。`;
  }
  if (file.size === 0) return `${file.name} 是空文件。`;
  return undefined;
}

/** One bar for the whole upload: sending 0–40 %, reading 40–50 %, embedding 50–90 %, indexing to 100 %. */
export function uploadPercent(item: UploadItem): number {
  const within = item.total > 0 ? Math.min(1, item.done / item.total) : 0;
  switch (item.stage) {
    case "waiting":
      return 0;
    case "sending":
      return Math.round(40 * item.sent);
    case "parse":
      return 40 + Math.round(10 * within);
    case "embed":
      return 50 + Math.round(40 * within);
    case "index":
      return 95;
    case "ready":
      return 100;
    case "failed":
      return 0;
  }
}

export const STAGE_LABELS: Record<UploadStage, string> = {
  waiting: "等待上传",
  sending: "正在上传",
  parse: "正在解析",
  embed: "正在建立索引",
  index: "正在写入资料库",
  ready: "已可检索",
  failed: "未能添加",
};

/** Apply a server progress event to the upload it belongs to (matched by file name while sending). */
export function withProgress(items: UploadItem[], progress: SourceProgressPayload): UploadItem[] {
  const index = items.findIndex(
    (item) =>
      item.name === progress.name && item.stage !== "ready" && item.stage !== "failed" && item.stage !== "waiting",
  );
  const item = items[index];
  if (item === undefined) return items;
  const next = [...items];
  next[index] = { ...item, stage: progress.stage, done: progress.done, total: progress.total };
  return next;
}

/** Sources whose name or title holds every word of the query (case- and width-insensitive). */
export function filterSources(sources: SourceSummary[], query: string): SourceSummary[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return sources;
  return sources.filter((source) => {
    const haystack = fold(`${source.name} ${source.title ?? ""}`);
    return words.every((word) => haystack.includes(word));
  });
}

function fold(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

const FORMAT_LABELS: Record<SourceSummary["format"], string> = {
  pdf: "PDF",
  docx: "Word",
  html: "网页",
  txt: "文本",
  md: "Markdown",
};

export function formatLabel(format: SourceSummary["format"]): string {
  return FORMAT_LABELS[format];
}

/** "2025-07-01 14:05" in local time. */
export function addedLabel(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The name people know a source by: the file name, unless it is a machine
 * code ("000_e0a201f519d5c824.txt"), then the title (the rule the server
 * uses for citations' sourceName).
 */
export function displayName(source: Pick<SourceSummary, "name" | "title">): string {
  const stem = source.name.replace(/\.[^.]+$/, "");
  const code = /[0-9a-f]{8,}/i.test(stem) || /^[\d_-]+$/.test(stem);
  return code && source.title ? source.title : source.name;
}
