// Keyboard users come back where they were: the element that opened a panel
// (a citation chip) gets the focus again when the panel closes (Escape, ✕).
import { useCallback, useRef } from "react";

export function useReturnFocus() {
  const opener = useRef<HTMLElement | null>(null);
  /** Call when the panel opens (or shows another citation): the element with the focus opened it. */
  const remember = useCallback(() => {
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
  }, []);
  /** Call when the panel closes: after React has removed it, so focus is not pulled back into it. */
  const restore = useCallback(() => {
    const element = opener.current;
    opener.current = null;
    if (element) requestAnimationFrame(() => element.isConnected && element.focus());
  }, []);
  return { remember, restore };
}
