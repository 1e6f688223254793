// Asks once for the server's access token (ACCESS_TOKEN); it is then kept in
// localStorage and sent in the socket handshake and as a Bearer header.
import { useEffect, useRef, useState, type FormEvent } from "react";

interface TokenDialogProps {
  hadToken: boolean;
  onSubmit: (token: string) => void;
}

export function TokenDialog({ hadToken, onSubmit }: TokenDialogProps) {
  const [value, setValue] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onSubmit(value.trim());
  };
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="token-title"
        onSubmit={submit}
        data-testid="token-dialog"
      >
        <h2 id="token-title">需要访问令牌</h2>
        <p>
          {hadToken ? "保存的访问令牌无效，请重新输入。" : "此服务器需要访问令牌才能使用，请向管理员索取。"}
          令牌只保存在本浏览器中。
        </p>
        <input
          ref={inputRef}
          type="password"
          autoComplete="current-password"
          aria-label="访问令牌"
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit" className="primary-button" disabled={!value.trim()}>
          连接
        </button>
      </form>
    </div>
  );
}
