// One source in the 资料库 list: its name and facts (a click lists its articles), delete with a
// second click to confirm, and the articles, each opening in the source viewer.
import type { SourceResponseBody, SourceSummary } from "../../../server/protocol.js";
import { addedLabel, displayName, formatLabel, sizeLabel } from "../lib/library-model.js";
import { TrashIcon } from "./icons.js";

/** An article opened from the library, named by the source it came from. */
export interface ArticleRef {
  docId: string;
  title: string;
  sourceName: string;
}

interface LibraryItemProps {
  source: SourceSummary;
  /** The source's articles when its list is open. */
  open: SourceResponseBody | undefined;
  confirming: boolean;
  onToggle: () => void;
  onAskConfirm: () => void;
  onCancelConfirm: () => void;
  onRemove: () => void;
  onOpenArticle: (article: ArticleRef) => void;
}

export function LibraryItem({ source, open, confirming, onToggle, onOpenArticle, ...deletion }: LibraryItemProps) {
  const name = displayName(source);
  return (
    <li className="library-item" data-testid="library-item" data-source-id={source.sourceId}>
      <div className="library-row">
        <button type="button" className="library-open" aria-expanded={open !== undefined} onClick={onToggle}>
          <span className="library-name" data-testid="library-name">
            {name}
          </span>
          <span className="library-meta">
            {source.title && source.title !== name && <span>{source.title}</span>}
            <span>{formatLabel(source.format)}</span>
            <span>{source.status === "indexing" ? "正在建立索引" : `${source.articles} 篇`}</span>
            <span>{sizeLabel(source.bytes)}</span>
            <span>{addedLabel(source.addedAt)}</span>
          </span>
        </button>
        {confirming ? (
          <button
            type="button"
            className="history-confirm"
            data-testid="confirm-delete-source"
            autoFocus
            onClick={deletion.onRemove}
            onBlur={deletion.onCancelConfirm}
          >
            确认删除
          </button>
        ) : (
          <button
            type="button"
            className="icon-button small"
            data-testid="delete-source"
            aria-label={`删除资料：${name}`}
            onClick={deletion.onAskConfirm}
          >
            <TrashIcon size={15} />
          </button>
        )}
      </div>
      {open && (
        <ol className="library-articles" data-testid="library-articles">
          {open.articles.map((article) => (
            <li key={article.docId}>
              <button
                type="button"
                className="link-button"
                data-testid="library-article"
                onClick={() => onOpenArticle({ docId: article.docId, title: article.title, sourceName: name })}
              >
                {article.title}
                {article.author && <span className="library-author">{article.author}</span>}
              </button>
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}
