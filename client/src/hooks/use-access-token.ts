// The access token (ACCESS_TOKEN on the server): kept in localStorage, asked for again when
// the socket or an HTTP call is refused.
import { useCallback, useState } from "react";
import { loadToken, saveToken } from "../lib/storage.js";
import { useLatest } from "./use-latest.js";

export type AccessToken = ReturnType<typeof useAccessToken>;

export function useAccessToken() {
  const [token, setToken] = useState(loadToken);
  const [httpUnauthorized, setHttpUnauthorized] = useState(false);
  // Read through a ref so the socket's next handshake uses the token just entered,
  // even where localStorage is unavailable.
  const tokenRef = useLatest(token);
  const getToken = useCallback(() => tokenRef.current, [tokenRef]);
  const onUnauthorized = useCallback(() => setHttpUnauthorized(true), []);
  /** Keeps a token just entered; reconnect after it, which reads it at once. */
  const accept = useCallback(
    (value: string) => {
      saveToken(value);
      setToken(value);
      tokenRef.current = value; // before a reconnect, which reads it in the same tick
      setHttpUnauthorized(false);
    },
    [tokenRef],
  );
  return { token, getToken, httpUnauthorized, onUnauthorized, accept };
}
