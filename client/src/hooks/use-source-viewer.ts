// The source viewer's citation. The open source belongs to the conversation (or the briefing)
// it was opened from: switching either hides it. Closing gives the focus back to the opener.
import { useCallback, useState } from "react";
import type { Citation } from "../../../server/protocol.js";
import type { ArticleRef } from "../components/library-item.js";
import { articleCitation } from "../components/sources-list.js";
import { useReturnFocus } from "./use-return-focus.js";

export type SourceViewerState = ReturnType<typeof useSourceViewer>;

export function useSourceViewer(viewContext: string) {
  const { remember, restore } = useReturnFocus();
  const [opened, setOpened] = useState<{ citation: Citation; context: string } | null>(null);
  const viewing = opened?.context === viewContext ? opened.citation : null;
  const open = useCallback(
    (citation: Citation) => {
      remember();
      setOpened({ citation, context: viewContext });
    },
    [viewContext, remember],
  );
  const close = useCallback(() => {
    setOpened(null);
    restore();
  }, [restore]);
  // An article opened from the library: the viewer shows it whole, with nothing highlighted.
  const openArticle = useCallback((article: ArticleRef) => open(articleCitation(article)), [open]);
  return { viewing, open, close, openArticle };
}
