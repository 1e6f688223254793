// The 评测 mode, for evaluators: the retrieval check, the eval reports (open,
// compare, run an uploaded question file), and 👎 feedback as draft eval lines.
// An ADMIN_TOKEN entered here is sent with the checks and runs (no rate limit).
import { useState } from "react";
import type { Citation, Scope } from "../../../server/protocol.js";
import { downloadBlob } from "../lib/browser-actions.js";
import { FEEDBACK_DRAFTS_URL } from "../net/tools-api.js";
import { EvalReports } from "./eval-reports.js";
import { RetrievalCheck } from "./retrieval-check.js";

const ADMIN_TOKEN_KEY = "news-chat:admin-token";
type Tab = "retrieval" | "reports" | "feedback";
const TABS: Array<[Tab, string]> = [
  ["retrieval", "检索测试"],
  ["reports", "评测报告"],
  ["feedback", "反馈导出"],
];

function loadAdminToken(): string {
  try {
    return sessionStorage.getItem(ADMIN_TOKEN_KEY) ?? "";
  } catch {
    return "";
  }
}

interface EvalViewProps {
  token: string | undefined;
  scope: Scope | undefined;
  onOpenCitation: (citation: Citation) => void;
}

export function EvalView({ token, scope, onOpenCitation }: EvalViewProps) {
  const [tab, setTab] = useState<Tab>("retrieval");
  const [adminToken, setAdminToken] = useState(loadAdminToken);
  const admin = adminToken.trim() || undefined;
  const saveAdminToken = (value: string) => {
    setAdminToken(value);
    try {
      sessionStorage.setItem(ADMIN_TOKEN_KEY, value);
    } catch {
      // kept for this page only
    }
  };
  return (
    <div className="thread briefing-scroll">
      <div className="thread-inner eval-inner">
        <div className="eval-head">
          <div className="mode-switch" role="tablist" aria-label="评测工具">
            {TABS.map(([id, label]) => (
              <button
                key={id}
                type="button"
                role="tab"
                className="mode-button"
                data-testid={`eval-tab-${id}`}
                aria-selected={tab === id}
                aria-pressed={tab === id}
                onClick={() => setTab(id)}
              >
                {label}
              </button>
            ))}
          </div>
          <input
            className="admin-token"
            type="password"
            autoComplete="off"
            aria-label="管理令牌（ADMIN_TOKEN，可选）"
            placeholder="管理令牌（可选）"
            value={adminToken}
            onChange={(event) => saveAdminToken(event.target.value)}
          />
        </div>
        {tab === "retrieval" && (
          <RetrievalCheck token={token} adminToken={admin} scope={scope} onOpenCitation={onOpenCitation} />
        )}
        {tab === "reports" && <EvalReports token={token} adminToken={admin} />}
        {tab === "feedback" && <FeedbackDrafts token={token} />}
      </div>
    </div>
  );
}

function FeedbackDrafts({ token }: { token: string | undefined }) {
  const [error, setError] = useState<string>();
  const download = async () => {
    setError(undefined);
    try {
      const response = await fetch(FEEDBACK_DRAFTS_URL, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      if (!response.ok) throw new Error(`下载失败（${response.status}）。`);
      downloadBlob("feedback-drafts.jsonl", await response.blob());
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "下载失败。");
    }
  };
  return (
    <section className="tool-panel" aria-label="反馈导出">
      <p className="tool-lead">
        每条 👎 反馈导出为一行评测草稿（问题、当时的回答、引用和反馈原因），格式同
        eval/questions.jsonl，补全类别和标准答案后即可加入评测。命令行：
        <code>npm run eval -- --from-feedback drafts.jsonl</code>
      </p>
      <button
        type="button"
        className="briefing-button primary"
        data-testid="download-drafts"
        onClick={() => void download()}
      >
        下载评测草稿（.jsonl）
      </button>
      {error && (
        <p className="notice notice-refused" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
