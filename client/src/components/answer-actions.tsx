// The tools under a finished answer: feedback, regenerate, add to a briefing,
// and (under the latest answer) suggested follow-up questions to click.
import { useEffect, useState } from "react";
import type { Turn } from "../lib/chat-model.js";
import { useAnswerTools } from "../context/answer-tools.js";
import { FeedbackBar } from "./feedback-bar.js";
import { BookmarkPlusIcon, RetryIcon } from "./icons.js";

export function AnswerActions({ turn }: { turn: Turn }) {
  const tools = useAnswerTools();
  const [added, setAdded] = useState<{ ok: boolean; text: string }>();
  const { answerId } = turn;
  const canAdd = answerId !== undefined && !turn.outcome?.refused && turn.citations.length > 0;
  const add = async () => {
    if (!answerId) return;
    try {
      const title = await tools.addToBriefing(answerId, turn.rewritten ?? turn.question);
      setAdded({ ok: true, text: `已加入《${title}》` });
    } catch (failure) {
      setAdded({ ok: false, text: failure instanceof Error ? failure.message : "没有加入简报，请重试。" });
    }
  };
  return (
    <>
      {answerId && <FeedbackBar answerId={answerId} />}
      <button
        type="button"
        className="icon-button small"
        data-testid="regenerate"
        aria-label="重新生成回答"
        title="重新生成"
        disabled={tools.busy}
        onClick={() => tools.regenerate(turn.id)}
      >
        <RetryIcon size={15} />
      </button>
      {canAdd && (
        <button
          type="button"
          className="icon-button small"
          data-testid="add-to-briefing"
          aria-label={tools.briefingTarget ? `加入简报《${tools.briefingTarget}》` : "加入新简报"}
          title={tools.briefingTarget ? `加入简报《${tools.briefingTarget}》` : "加入新简报"}
          onClick={() => void add()}
        >
          <BookmarkPlusIcon size={16} />
        </button>
      )}
      {added && (
        <span className={`footer-note${added.ok ? "" : " status-error"}`} role="status" data-testid="added-to-briefing">
          {added.text}
        </span>
      )}
    </>
  );
}

export function FollowUpList({ turn }: { turn: Turn }) {
  const tools = useAnswerTools();
  const { answerId } = turn;
  const latest = tools.latestTurnId === turn.id;
  const { loadFollowUps } = tools;
  useEffect(() => {
    if (latest && answerId && !turn.outcome?.refused) loadFollowUps(answerId);
  }, [latest, answerId, turn.outcome?.refused, loadFollowUps]);
  const state = answerId ? tools.followUpsFor(answerId) : undefined;
  if (!latest || state?.status !== "ready" || state.questions.length === 0) return null;
  return (
    <section className="follow-ups" aria-label="你可能还想问" data-testid="follow-ups">
      <h3 className="sources-heading">你可能还想问</h3>
      <ul className="follow-up-list">
        {state.questions.map((question) => (
          <li key={question}>
            <button
              type="button"
              className="follow-up"
              data-testid="follow-up"
              disabled={tools.busy}
              onClick={() => tools.ask(question)}
            >
              {question}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
