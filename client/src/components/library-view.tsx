// The 资料库 (library) mode: every source the assistant answers from, with
// search, upload (button or drag-and-drop, a bar and an outcome per file),
// delete (a second click confirms), and each source's articles opening in the
// source viewer. An admin token is asked for when the server wants one.
import { useState, type DragEvent, type FormEvent } from "react";
import { useLibrary } from "../hooks/use-library.js";
import { filterSources } from "../lib/library-model.js";
import { LibraryItem, type ArticleRef } from "./library-item.js";
import { UploadPanel } from "./upload-panel.js";

interface LibraryViewProps {
  token: string | undefined;
  onOpenArticle: (article: ArticleRef) => void;
  onUnauthorized: () => void;
  /** The number of articles changed (for the starter screen's count). */
  onArticleCount: (count: number) => void;
}

export function LibraryView({ token, onOpenArticle, onUnauthorized, onArticleCount }: LibraryViewProps) {
  const library = useLibrary(token, onUnauthorized, onArticleCount);
  const { sources, open, uploads } = library;
  const [query, setQuery] = useState("");
  const [confirming, setConfirming] = useState<string>();
  const { dragging, ...dropTarget } = useFileDrop(uploads.add);
  const shown = sources ? filterSources(sources, query) : [];

  return (
    <div className={`thread library${dragging ? " is-dragging" : ""}`} data-testid="library-view" {...dropTarget}>
      <div className="library-inner">
        <UploadPanel items={uploads.items} onFiles={uploads.add} onClear={uploads.clearFinished} />
        {library.askAdmin && <AdminTokenForm onSubmit={library.saveAdmin} />}
        {library.message && (
          <p className="notice" role="status" data-testid="library-message">
            {library.message}
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
            <LibraryItem
              key={source.sourceId}
              source={source}
              open={open?.source.sourceId === source.sourceId ? open : undefined}
              confirming={confirming === source.sourceId}
              onToggle={() => library.toggle(source)}
              onAskConfirm={() => setConfirming(source.sourceId)}
              onCancelConfirm={() => setConfirming(undefined)}
              onRemove={() => {
                setConfirming(undefined);
                library.remove(source);
              }}
              onOpenArticle={onOpenArticle}
            />
          ))}
        </ul>
      </div>
    </div>
  );
}

/** Files dropped anywhere on the library are uploaded; `dragging` highlights the drop target. */
function useFileDrop(onFiles: (files: File[]) => void) {
  const [dragging, setDragging] = useState(false);
  return {
    dragging,
    onDragOver: (event: DragEvent) => {
      event.preventDefault();
      setDragging(true);
    },
    onDragLeave: (event: DragEvent) => event.currentTarget === event.target && setDragging(false),
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      setDragging(false);
      onFiles([...event.dataTransfer.files]);
    },
  };
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
