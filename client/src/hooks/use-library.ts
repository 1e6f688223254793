// The 资料库's state: the source list (read again after each upload or deletion, and the article
// count reported up), the open source's articles, deletion, uploads, and the admin token the
// server may ask for.
import { useCallback, useEffect, useState } from "react";
import type { SourceResponseBody, SourceSummary } from "../../../server/protocol.js";
import { displayName } from "../lib/library-model.js";
import { loadAdminToken, saveAdminToken } from "../lib/storage.js";
import { UnauthorizedError } from "../net/api.js";
import { AdminRequiredError, deleteSource, fetchSource, listSources, type LibraryTokens } from "../net/library-api.js";
import { useUploads } from "./use-uploads.js";

const errorText = (error: unknown, fallback: string) => (error instanceof Error ? error.message : fallback);

export function useLibrary(token: string | undefined, onUnauthorized: () => void, onArticleCount: (n: number) => void) {
  const [sources, setSources] = useState<SourceSummary[]>();
  const [message, setMessage] = useState<string>();
  const [adminToken, setAdminToken] = useState(loadAdminToken);
  const [askAdmin, setAskAdmin] = useState(false);
  const [open, setOpen] = useState<SourceResponseBody>();
  const tokens = useCallback((): LibraryTokens => ({ access: token, admin: adminToken }), [token, adminToken]);

  const refresh = useCallback(() => {
    listSources(tokens()).then(
      (body) => {
        setSources(body.sources);
        onArticleCount(body.sources.reduce((sum, source) => sum + source.articles, 0));
      },
      (error: unknown) => {
        if (error instanceof UnauthorizedError) onUnauthorized();
        else setMessage(errorText(error, "资料列表加载失败。"));
      },
    );
  }, [tokens, onUnauthorized, onArticleCount]);
  useEffect(refresh, [refresh]);
  const uploads = useUploads(
    tokens,
    refresh,
    useCallback(() => setAskAdmin(true), []),
  );

  const remove = (source: SourceSummary) => {
    deleteSource(source.sourceId, tokens()).then(
      () => {
        setMessage(`已删除：${displayName(source)}`);
        if (open?.source.sourceId === source.sourceId) setOpen(undefined);
        refresh();
      },
      (error: unknown) => {
        if (error instanceof AdminRequiredError) setAskAdmin(true);
        setMessage(errorText(error, "删除失败。"));
      },
    );
  };
  const toggle = (source: SourceSummary) => {
    if (open?.source.sourceId === source.sourceId) return setOpen(undefined);
    fetchSource(source.sourceId, tokens()).then(setOpen, (error: unknown) =>
      setMessage(errorText(error, "文章列表加载失败。")),
    );
  };
  const saveAdmin = (value: string) => {
    saveAdminToken(value);
    setAdminToken(value);
    setAskAdmin(false);
    setMessage("已保存管理员令牌，请重试上传或删除。");
  };
  return { sources, message, askAdmin, open, uploads, remove, toggle, saveAdmin };
}
