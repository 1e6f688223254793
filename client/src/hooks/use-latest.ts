// A ref that always holds the latest rendered value, for callbacks that outlive a
// render (socket handlers, timers). Written after the commit, never during render,
// so an abandoned render cannot leave a value the screen never showed.
import { useLayoutEffect, useRef, type RefObject } from "react";

export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
