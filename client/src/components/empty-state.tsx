// The empty screen of a new conversation: what the assistant knows and a few
// questions the corpus can answer, to start with one click.

/** Questions the seed corpus answers, each checked against the extractive answerer. */
export const STARTER_QUESTIONS = [
  "江苏有多少产业链党建联盟?",
  "贵州省工信厅推动建立了多少个产业链党建联盟？",
  "熊明伟4年来共争取了多少资金修建产业路？",
  "长顺县快递进村有什么变化？",
] as const;

interface EmptyStateProps {
  articleCount?: number;
  onAsk: (question: string) => void;
  /** Opens the 资料库: what the count is made of. */
  onOpenLibrary: () => void;
}

export function EmptyState({ articleCount, onAsk, onOpenLibrary }: EmptyStateProps) {
  return (
    <section className="empty" data-testid="empty-state" aria-labelledby="empty-title">
      <h1 id="empty-title" className="empty-title">
        想了解哪条新闻？
      </h1>
      <p className="empty-lead">
        依据
        <button type="button" className="link-button" data-testid="open-library" onClick={onOpenLibrary}>
          {articleCount ? `已收录的 ${articleCount} 篇新闻报道` : "已收录的新闻报道"}
        </button>
        作答， 每个回答都标注出处，可点开原文核对。
      </p>
      <ul className="starters" aria-label="示例问题">
        {STARTER_QUESTIONS.map((question) => (
          <li key={question}>
            <button type="button" className="starter" data-testid="starter-question" onClick={() => onAsk(question)}>
              {question}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
