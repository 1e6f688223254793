// The 资料库 (library) mode: every source the assistant answers from, with
// search, upload (button or drag-and-drop, a bar and an outcome per file),
// delete (a second click confirms), and each source's articles opening in the
// source viewer. An admin token is asked for when the server wants one.
import { useCallback, useEffect, useState, type DragEvent, type FormEvent } from "react";
import type { SourceResponseBody, SourceSummary } from "../../../server/protocol.js";
import { useUploads } from "../hooks/use-uploads.js";
import { addedLabel, displayName, filterSources, formatLabel, sizeLabel } from "../lib/library-model.js";
import { loadAdminToken, saveAdminToken } from "../lib/storage.js";
import { UnauthorizedError } from "../net/api.js";
import { AdminRequiredError, deleteSource, fetchSource, listSources, type LibraryTokens } from "../net/library-api.js";
import { TrashIcon } from "./icons.js";
import { UploadPanel } from "./upload-panel.js";

export interface ArticleRef {
  docId: string;
  title: string;
  sourceName: string;
}

interface LibraryViewProps {
  token: string | undefined;
  onOpenArticle: (article: ArticleRef) => void;
  onUnauthorized: () => void;
  /** The number of articles changed (for the starter screen's count). */
  onArticleCount: (count: number) => void;
}

export function LibraryView({ token, onOpenArticle, onUnauthorized, onArticleCount }: LibraryViewProps) {
  const [sources, setSources] = useState<SourceSummary[]>();
  const [query, setQuery] = useState("");
  const [message, setMessage] = useState<string>();
  const [adminToken, setAdminToken] = useState(loadAdminToken);
  const [askAdmin, setAskAdmin] = useState(false);
  const [confirming, setConfirming] = useState<string>();
  const [open, setOpen] = useState<SourceResponseBody>();
  const [dragging, setDragging] = useState(false);
  const tokens = useCallback((): LibraryTokens => ({ access: token, admin: adminToken }), [token, adminToken]);

  const refresh = useCallback(() => {
    listSources(tokens()).then(
      (body) => {
        setSources(body.sources);
        onArticleCount(body.sources.reduce((sum, source) => sum + source.articles, 0));
      },
      (error: unknown) =>
        error instanceof UnauthorizedError
          ? onUnauthorized()
          : setMessage(error instanceof Error ? error.message : "资料列表加载失败。"),
    );
  }, [tokens, onUnauthorized, onArticleCount]);
  useEffect(refresh, [refresh]);
  const uploads = useUploads(
    tokens,
    refresh,
    useCallback(() => setAskAdmin(true), []),
  );

  const remove = (source: SourceSummary) => {
    setConfirming(undefined);
    deleteSource(source.sourceId, tokens()).then(
      () => {
        setMessage(`已删除：${displayName(source)}`);
        if (open?.source.sourceId === source.sourceId) setOpen(undefined);
        refresh();
      },
      (error: unknown) => {
        if (error instanceof AdminRequiredError) setAskAdmin(true);
        setMessage(error instanceof Error ? error.message : "删除失败。");
      },
    );
  };
  const toggle = (source: SourceSummary) => {
    if (open?.source.sourceId === source.sourceId) return setOpen(undefined);
    fetchSource(source.sourceId, tokens()).then(setOpen, (error: unknown) =>
      setMessage(error instanceof Error ? error.message : "文章列表加载失败。"),
    );
  };
  const saveAdmin = (value: string) => {
    saveAdminToken(value);
    setAdminToken(value);
    setAskAdmin(false);
    setMessage("已保存管理员令牌，请重试上传或删除。");
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    uploads.add([...event.dataTransfer.files]);
  };
  const shown = sources ? filterSources(sources, query) : [];

  return (
    <div
      className={`thread library${dragging ? " is-dragging" : ""}`}
      data-testid="library-view"
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => event.currentTarget === event.target && setDragging(false)}
      onDrop={drop}
    >
      <div className="library-inner">
        <UploadPanel items={uploads.items} onFiles={uploads.add} onClear={uploads.clearFinished} />
        {askAdmin && <AdminTokenForm onSubmit={saveAdmin} />}
        {message && (
          <p className="notice" role="status" data-testid="library-message">
            {message}
          </p>
        )}
        <div className="library-toolbar">
          <input
            className="briefing-topic"
            type="search"
            placeholder="按名称或标题搜索"
            aria-label="搜索资料"
            data-testid="library-search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          <span className="library-count">{sources ? `${shown.length} / ${sources.length} 份资料` : "正在加载…"}</span>
        </div>
        <ul className="library-list" data-testid="library-list">
          {shown.map((source) => (
            <li
              key={source.sourceId}
              className="library-item"
              data-testid="library-item"
              data-source-id={source.sourceId}
            >
              <div className="library-row">
                <button
                  type="button"
                  className="library-open"
                  aria-expanded={open?.source.sourceId === source.sourceId}
                  onClick={() => toggle(source)}
                >
                  <span className="library-name" data-testid="library-name">
                    {displayName(source)}
                  </span>
                  <span className="library-meta">
                    {source.title && source.title !== displayName(source) && <span>{source.title}</span>}
                    <span>{formatLabel(source.format)}</span>
                    <span>{source.status === "indexing" ? "正在建立索引" : `${source.articles} 篇`}</span>
                    <span>{sizeLabel(source.bytes)}</span>
                    <span>{addedLabel(source.addedAt)}</span>
                  </span>
                </button>
                {confirming === source.sourceId ? (
                  <button
                    type="button"
                    className="history-confirm"
                    data-testid="confirm-delete-source"
                    autoFocus
                    onClick={() => remove(source)}
                    onBlur={() => setConfirming(undefined)}
                  >
                    确认删除
                  </button>
                ) : (
                  <button
                    type="button"
                    className="icon-button small"
                    data-testid="delete-source"
                    aria-label={`删除资料：${displayName(source)}`}
                    onClick={() => setConfirming(source.sourceId)}
                  >
                    <TrashIcon size={15} />
                  </button>
                )}
              </div>
              {open?.source.sourceId === source.sourceId && (
                <ol className="library-articles" data-testid="library-articles">
                  {open.articles.map((article) => (
                    <li key={article.docId}>
                      <button
                        type="button"
                        className="link-button"
                        data-testid="library-article"
                        onClick={() =>
                          onOpenArticle({ docId: article.docId, title: article.title, sourceName: displayName(source) })
                        }
                      >
                        {article.title}
                        {article.author && <span className="library-author">{article.author}</span>}
                      </button>
                    </li>
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function AdminTokenForm({ onSubmit }: { onSubmit: (token: string) => void }) {
  const [value, setValue] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onSubmit(value.trim());
  };
  return (
    <form className="notice admin-form" onSubmit={submit} data-testid="admin-token-form">
      <span>上传和删除资料需要管理员令牌（ADMIN_TOKEN）：</span>
      <input type="password" aria-label="管理员令牌" value={value} onChange={(event) => setValue(event.target.value)} />
      <button type="submit" className="briefing-button" disabled={!value.trim()}>
        保存
      </button>
    </form>
  );
}
