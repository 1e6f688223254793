// 检索测试: one question in; out, for each text the answerer searched with, the
// ranked passages with their BM25, vector and fused scores and ranks (the ones
// the answer cited marked), the plan when the answerer made one, and the
// chosen evidence. For evaluators checking why an answer is what it is.
import { useState, type FormEvent } from "react";
import type { Citation, RetrievalCheckResponseBody, RetrievedPassage, Scope } from "../../../server/protocol.js";
import { stripCitationMarkers } from "../lib/citation-segments.js";
import { checkRetrieval } from "../net/tools-api.js";

interface RetrievalCheckProps {
  token: string | undefined;
  adminToken: string | undefined;
  scope: Scope | undefined;
  onOpenCitation: (citation: Citation) => void;
}

const score = (value: number, digits = 3) => value.toFixed(digits);

export function RetrievalCheck({ token, adminToken, scope, onOpenCitation }: RetrievalCheckProps) {
  const [question, setQuestion] = useState("");
  const [result, setResult] = useState<RetrievalCheckResponseBody>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (question.trim() === "" || running) return;
    setRunning(true);
    setError(undefined);
    try {
      setResult(await checkRetrieval(question.trim(), scope, token, adminToken));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "检索测试失败。");
    } finally {
      setRunning(false);
    }
  };
  return (
    <section className="tool-panel" aria-label="检索测试" data-testid="retrieval-check">
      <form className="briefing-form-row" onSubmit={(event) => void submit(event)}>
        <input
          className="briefing-topic"
          data-testid="retrieval-question"
          aria-label="测试问题"
          placeholder="输入问题，查看检索到的段落和得分"
          value={question}
          onChange={(event) => setQuestion(event.target.value)}
        />
        <button
          type="submit"
          className="briefing-button primary"
          data-testid="retrieval-submit"
          disabled={question.trim() === "" || running}
        >
          {running ? "检索中…" : "检索"}
        </button>
      </form>
      {error && (
        <p className="notice notice-refused" role="alert">
          {error}
        </p>
      )}
      {result && <CheckResult result={result} onOpenCitation={onOpenCitation} />}
    </section>
  );
}

interface CheckResultProps {
  result: RetrievalCheckResponseBody;
  onOpenCitation: (citation: Citation) => void;
}

function CheckResult({ result, onOpenCitation }: CheckResultProps) {
  return (
    <div className="check-result" data-testid="retrieval-result">
      <p className="check-summary">
        {result.answer.refused ? "回答：拒答" : `回答（${result.answer.mode === "llm" ? "模型" : "摘录"}）：`}
        {!result.answer.refused && (
          <span className="check-answer">{stripCitationMarkers(result.answer.text.split("\n")[0] ?? "")}</span>
        )}
        <span className="footer-meta"> · {result.timings.answerMs} ms</span>
      </p>
      <PlanView plan={result.plan} />
      {result.queries.map(({ query, passages }) => (
        <QueryPassages
          key={query}
          query={query}
          passages={passages}
          evidence={result.evidence}
          onOpenCitation={onOpenCitation}
        />
      ))}
      <h3 className="briefing-heading">选用的证据</h3>
      <EvidenceList evidence={result.evidence} onOpenCitation={onOpenCitation} />
    </div>
  );
}

interface QueryPassagesProps {
  query: string;
  passages: RetrievedPassage[];
  evidence: Citation[];
  onOpenCitation: (citation: Citation) => void;
}

/** One text the answerer searched with and the passages it ranked, with their scores. */
function QueryPassages({ query, passages, evidence, onOpenCitation }: QueryPassagesProps) {
  return (
    <section className="check-query">
      <h3 className="briefing-heading">检索：{query}</h3>
      <div className="table-scroll">
        <table className="check-table" data-testid="retrieval-passages">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">融合</th>
              <th scope="col">BM25（名次）</th>
              <th scope="col">向量（名次）</th>
              <th scope="col">段落</th>
            </tr>
          </thead>
          <tbody>
            {passages.map((passage) => (
              <PassageRow key={passage.chunkId} passage={passage} evidence={evidence} onOpenCitation={onOpenCitation} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The passages the answer cited, each chip opening its source. */
function EvidenceList({ evidence, onOpenCitation }: Pick<QueryPassagesProps, "evidence" | "onOpenCitation">) {
  if (evidence.length === 0) return <p className="footer-meta">没有引用任何段落。</p>;
  return (
    <ol className="check-evidence" data-testid="retrieval-evidence">
      {evidence.map((citation) => (
        <li key={citation.n}>
          <button
            type="button"
            className="chip"
            data-testid="citation-chip"
            data-n={citation.n}
            onClick={() => onOpenCitation(citation)}
          >
            {citation.n}
          </button>
          《{citation.title}》{citation.quote}
        </li>
      ))}
    </ol>
  );
}

/** What the answerer planned, when its result carries a plan (older answerers make none). */
function PlanView({ plan }: { plan: RetrievalCheckResponseBody["plan"] }) {
  return plan ? (
    <dl className="check-plan" data-testid="retrieval-plan">
      <dt>意图</dt>
      <dd>{plan.intent}</dd>
      {plan.slots && (
        <>
          <dt>槽位</dt>
          <dd>{JSON.stringify(plan.slots)}</dd>
        </>
      )}
      {plan.subQueries && (
        <>
          <dt>子查询</dt>
          <dd>{plan.subQueries.join(" · ")}</dd>
        </>
      )}
    </dl>
  ) : (
    <p className="footer-meta">此回答器没有给出检索计划（intent / slots / sub-queries）。</p>
  );
}

function PassageRow({
  passage,
  evidence,
  onOpenCitation,
}: {
  passage: RetrievedPassage;
  evidence: Citation[];
  onOpenCitation: (citation: Citation) => void;
}) {
  const cited = evidence.filter((citation) => passage.cited.includes(citation.n));
  return (
    <tr data-testid="retrieval-passage" className={cited.length > 0 ? "is-cited" : undefined}>
      <td>{passage.rank}</td>
      <td data-testid="score-fused">{score(passage.fused.score, 4)}</td>
      <td data-testid="score-bm25">{passage.bm25 ? `${score(passage.bm25.score, 2)}（${passage.bm25.rank}）` : "—"}</td>
      <td data-testid="score-vector">
        {passage.vector ? `${score(passage.vector.similarity)}（${passage.vector.rank}）` : "—"}
      </td>
      <td>
        <span className="check-title">《{passage.title}》</span>
        {cited.map((citation) => (
          <button
            key={citation.n}
            type="button"
            className="chip"
            aria-label={`答案引用 ${citation.n}`}
            onClick={() => onOpenCitation(citation)}
          >
            {citation.n}
          </button>
        ))}
        <span className="check-text">{passage.text}</span>
      </td>
    </tr>
  );
}
