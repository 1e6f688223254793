// The article behind a citation: fetched from /api/documents/:docId, rendered as
// text paragraphs, scrolled to the quoted span, which is highlighted. A side
// panel on wide screens, a bottom sheet on phones (the CSS decides which).
import { useEffect, useRef, useState, type RefObject } from "react";
import type { Citation, DocumentResponseBody } from "../../../server/protocol.js";
import { fetchDocument, UnauthorizedError } from "../net/api.js";
import { locateQuote, renderParagraphs, type QuoteSpan } from "../lib/highlight.js";
import { CloseIcon } from "./icons.js";

interface SourceViewerProps {
  citation: Citation;
  token: string | undefined;
  onClose: () => void;
  onUnauthorized: () => void;
  /** Limit the next questions to this article (a scope chip above the composer). */
  onScopeToArticle?: (citation: Citation) => void;
}

type Loaded = { status: "ready"; document: DocumentResponseBody } | { status: "failed"; message: string };
type Load = { status: "loading" } | Loaded;
/** What a fetch brought back, for the article it was for. */
type Fetched = { docId: string } & Loaded;

/** Articles do not change while the page is open; keep the ones already fetched. */
const documentCache = new Map<string, DocumentResponseBody>();

export function SourceViewer({ citation, token, onClose, onUnauthorized, onScopeToArticle }: SourceViewerProps) {
  const load = useArticle(citation.docId, token, onUnauthorized);
  const panelRef = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panelRef.current?.focus({ preventScroll: true });
  }, [citation]);
  useEscapeKey(onClose);
  const document = load.status === "ready" ? load.document : undefined;
  const span = document ? locateQuote(document.text, citation) : undefined;
  useScrollToQuote(bodyRef, citation.docId, document, span);

  return (
    <>
      <div className="viewer-backdrop" onClick={onClose} aria-hidden="true" />
      <aside className="viewer" ref={panelRef} tabIndex={-1} aria-label="原文" data-testid="source-viewer">
        <ViewerHeader citation={citation} onClose={onClose} onScopeToArticle={onScopeToArticle} />
        <div className="viewer-body" ref={bodyRef}>
          {load.status === "loading" && <p className="viewer-status">正在加载原文…</p>}
          {load.status === "failed" && (
            <p className="viewer-status status-error" role="alert">
              {load.message}
            </p>
          )}
          {document && <ArticleView document={document} citation={citation} span={span} />}
        </div>
      </aside>
    </>
  );
}

/** The article from the cache or from /api/documents/:docId. */
function useArticle(docId: string, token: string | undefined, onUnauthorized: () => void): Load {
  const [fetched, setFetched] = useState<Fetched | null>(null);
  useEffect(() => {
    if (documentCache.has(docId)) return;
    const controller = new AbortController();
    fetchDocument(docId, token, controller.signal).then(
      (document) => {
        documentCache.set(docId, document);
        setFetched({ docId, status: "ready", document });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof UnauthorizedError) onUnauthorized();
        const message = error instanceof Error ? error.message : "原文加载失败。";
        setFetched({ docId, status: "failed", message });
      },
    );
    return () => controller.abort();
  }, [docId, token, onUnauthorized]);
  // Derived, not stored: a cached article shows at once, another article's result never shows.
  const cached = documentCache.get(docId);
  if (cached) return { status: "ready", document: cached };
  return fetched?.docId === docId ? fetched : { status: "loading" };
}

function useEscapeKey(onEscape: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onEscape();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onEscape]);
}

/**
 * Brings the highlighted quote into view when the article or the quote changes. Scrolls inside the
 * panel only: scrollIntoView would also move the page behind the sheet. The first view jumps straight
 * to the quote; moving between quotes of one article glides.
 */
function useScrollToQuote(
  bodyRef: RefObject<HTMLDivElement | null>,
  docId: string,
  document: DocumentResponseBody | undefined,
  span: QuoteSpan | undefined,
): void {
  const scrolledDocId = useRef<string | null>(null);
  useEffect(() => {
    const body = bodyRef.current;
    const mark = body?.querySelector<HTMLElement>("mark");
    if (!body || !mark) return;
    const top = mark.getBoundingClientRect().top - body.getBoundingClientRect().top + body.scrollTop;
    const behavior = scrolledDocId.current === docId ? "smooth" : "auto";
    body.scrollTo({ top: Math.max(0, top - body.clientHeight / 3), behavior });
    scrolledDocId.current = docId;
  }, [bodyRef, docId, document, span?.start, span?.end]);
}

interface ViewerHeaderProps {
  citation: Citation;
  onClose: () => void;
  onScopeToArticle: ((citation: Citation) => void) | undefined;
}

function ViewerHeader({ citation, onClose, onScopeToArticle }: ViewerHeaderProps) {
  return (
    <header className="viewer-header">
      <div className="viewer-heading">
        <span className="viewer-kicker">{citation.quote ? `原文 · 引用 ${citation.n}` : "原文"}</span>
        <span className="viewer-source" data-testid="viewer-source">
          {citation.sourceName ?? citation.source}
        </span>
      </div>
      {onScopeToArticle && (
        <button
          type="button"
          className="text-button"
          data-testid="scope-to-article"
          title="之后的提问只依据这篇报道"
          onClick={() => onScopeToArticle(citation)}
        >
          只问这篇
        </button>
      )}
      <button type="button" className="icon-button" aria-label="关闭原文" data-testid="viewer-close" onClick={onClose}>
        <CloseIcon />
      </button>
    </header>
  );
}

interface ArticleViewProps {
  document: DocumentResponseBody;
  citation: Citation;
  span: QuoteSpan | undefined;
}

function ArticleView({ document, citation, span }: ArticleViewProps) {
  const paragraphs = renderParagraphs(document, span);
  return (
    <article className="article" data-testid="source-article">
      {document.section && <p className="article-section">{document.section}</p>}
      <h2 className="article-title">{document.title}</h2>
      {document.deck.map((line, index) => (
        <p key={index} className="article-deck">
          {line}
        </p>
      ))}
      {document.author && <p className="article-author">{document.author}</p>}
      {!span && citation.quote && (
        <blockquote className="notice notice-partial">
          未能在当前原文中定位这段引文（资料可能已更新）：{citation.quote}
        </blockquote>
      )}
      {paragraphs.map((paragraph, index) => {
        const content = paragraph.pieces.map((piece, pieceIndex) =>
          piece.highlighted ? (
            <mark key={pieceIndex} data-testid="source-highlight">
              {piece.text}
            </mark>
          ) : (
            <span key={pieceIndex}>{piece.text}</span>
          ),
        );
        return paragraph.kind === "heading" ? (
          <h3 key={index} className="article-subheading">
            {content}
          </h3>
        ) : (
          <p key={index} className="article-paragraph">
            {content}
          </p>
        );
      })}
      {document.authorNote && <p className="article-note">{document.authorNote}</p>}
    </article>
  );
}
