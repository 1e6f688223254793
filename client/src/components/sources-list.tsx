// Sources under an answer (title, author, source name), each opening the viewer.
// A refusal's related passages use the same list with a label saying they do
// not answer the question, so nobody reads them as support for an answer.
import { sourceLabel } from "../../../server/markdown/briefing.js";
import type { Citation } from "../../../server/protocol.js";

interface SourcesListProps {
  citations: Citation[];
  variant: "sources" | "related";
  activeKey?: string;
  onOpen: (citation: Citation) => void;
}

export function citationKey(citation: Pick<Citation, "docId" | "start" | "end">): string {
  return `${citation.docId}:${citation.start}-${citation.end}`;
}

/** A whole article to show in the viewer (opened from the library, not from an answer). */
export function articleCitation(article: { docId: string; title: string; sourceName: string }): Citation {
  const { docId, title, sourceName } = article;
  return { n: 0, docId, source: "", sourceName, title, quote: "", start: 0, end: 0 };
}

export function SourcesList({ citations, variant, activeKey, onOpen }: SourcesListProps) {
  if (citations.length === 0) return null;
  const heading = variant === "sources" ? `来源 · ${citations.length}` : "相关内容（不构成答案）";
  return (
    <section
      className={`sources sources-${variant}`}
      aria-label={heading}
      data-testid={variant === "sources" ? "sources" : "related"}
    >
      <h3 className="sources-heading">{heading}</h3>
      <ol className="sources-list">
        {citations.map((citation, index) => (
          <li key={`${citationKey(citation)}-${index}`}>
            <button
              type="button"
              className={`source-item${activeKey === citationKey(citation) ? " is-active" : ""}`}
              data-testid="source-item"
              data-source-id={citation.sourceId}
              onClick={() => onOpen(citation)}
            >
              <span className="source-number" aria-hidden="true">
                {variant === "sources" ? citation.n : index + 1}
              </span>
              <span className="source-body">
                <span className="source-title">{citation.title}</span>
                <span className="source-meta">
                  {citation.author && <span>{citation.author}</span>}
                  {sourceLabel(citation) && <span className="source-file">{sourceLabel(citation)}</span>}
                </span>
                <span className="source-quote">{citation.quote}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
