// How many articles the corpus holds (from /api/health), read again on each (re)connection;
// the library reports uploads and deletions through the setter.
import { useEffect, useState } from "react";
import { fetchHealth, UnauthorizedError } from "../net/api.js";

export function useArticleCount(token: string | undefined, connected: boolean, onUnauthorized: () => void) {
  const [articleCount, setArticleCount] = useState<number>();
  useEffect(() => {
    if (!connected) return;
    const controller = new AbortController();
    fetchHealth(token, controller.signal).then(
      (health) => setArticleCount(health.index.articles),
      (error: unknown) => {
        if (error instanceof UnauthorizedError) onUnauthorized();
      },
    );
    return () => controller.abort();
  }, [connected, token, onUnauthorized]);
  return { articleCount, setArticleCount };
}
