// What the user reads for each error code. Server messages mix Chinese and
// English in one string (for curl users too), so the UI shows its own Chinese
// text per code and keeps only the facts it needs (the wait in seconds).
import type { ErrorBody, ErrorCode } from "../../../server/protocol.js";

const MESSAGES: Record<ErrorCode, string> = {
  bad_request: "问题格式不正确，请修改后重试。",
  question_too_long: "问题过长，请缩短到 1000 字以内。",
  payload_too_large: "内容过大，请缩短问题后重试。",
  rate_limited: "提问过于频繁，请稍后再试。",
  unauthorized: "需要访问令牌。",
  not_found: "没有找到请求的内容。",
  conflict: "另一项任务正在进行，请稍后再试。",
  cancelled: "已停止生成。",
  shutting_down: "服务器正在重启，请稍后重试。",
  host_not_allowed: "服务器拒绝了这个访问地址，请使用管理员配置的网址。",
  busy: "服务器繁忙，请稍后重试。",
  timed_out: "处理超时，请缩小范围后重试。",
  unavailable: "服务暂时不可用，请稍后重试。",
  internal: "服务器出错了，请稍后重试。",
  unsupported_format: "不支持这种文件类型，请上传 PDF、Word（.docx）、网页（.html）或文本（.txt、.md）。",
  empty_document: "文件中没有可用的正文。",
  not_text: "文件中没有文字层（如扫描件），请先做文字识别（OCR）再上传。",
  encoding: "无法识别文本编码，请另存为 UTF-8 后再上传。",
  corrupt_document: "文件已损坏或格式不符，请重新导出后上传。",
  duplicate_source: "资料库中已有同样的文件。",
  forbidden: "上传和删除资料需要管理员令牌。",
  index_busy: "资料库正在更新，请稍后重试。",
};

export function errorText(error: Pick<ErrorBody, "code" | "message" | "retryAfterMs"> | undefined): string {
  if (!error) return MESSAGES.internal;
  if (error.code === "rate_limited") {
    if (error.retryAfterMs !== undefined)
      return `提问过于频繁，请 ${Math.max(1, Math.ceil(error.retryAfterMs / 1000))} 秒后再试。`;
    const seconds = /(\d+)\s*(?:秒|s\b)/.exec(error.message)?.[1];
    if (seconds) return `提问过于频繁，请 ${seconds} 秒后再试。`;
  }
  return MESSAGES[error.code as ErrorCode] ?? MESSAGES.internal;
}

/** What a turn that the client will resend by itself says while it waits (`seconds` left, 0 for "now"). */
export function autoRetryText(error: Pick<ErrorBody, "code">, seconds: number): string {
  const reason = error.code === "rate_limited" ? "提问过于频繁" : "服务器繁忙";
  return seconds > 0 ? `${reason}，${seconds} 秒后自动重试。` : `${reason}，正在自动重试…`;
}
