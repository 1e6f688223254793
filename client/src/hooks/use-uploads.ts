// The upload queue of the 资料库 view: files are sent one at a time, each with
// its own progress (bytes sent, then the server's source:progress stages) and
// its own outcome, so one refused file never hides the others.
import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from "react";
import { AdminRequiredError, uploadSource, type LibraryTokens } from "../net/library-api.js";
import { watchSourceProgress } from "../net/library-socket.js";
import { rejectionOf, withProgress, type UploadItem } from "../lib/library-model.js";

export interface Uploads {
  items: UploadItem[];
  add: (files: File[]) => void;
  clearFinished: () => void;
}

let nextId = 0;

export function useUploads(tokens: () => LibraryTokens, onAdded: () => void, onAdminRequired: () => void): Uploads {
  const [items, setItems] = useState<UploadItem[]>([]);
  const queue = useRef<Array<{ id: string; file: File }>>([]);
  const running = useRef(false);
  const update = useCallback(
    (id: string, change: Partial<UploadItem>) =>
      setItems((current) => current.map((item) => (item.id === id ? { ...item, ...change } : item))),
    [],
  );

  useSourceProgress(setItems, tokens);

  const pump = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    for (let next = queue.current.shift(); next; next = queue.current.shift()) {
      const { id, file } = next;
      update(id, { stage: "sending" });
      try {
        await uploadSource(file, tokens(), (sent) => update(id, { sent }));
        update(id, { stage: "ready", sent: 1 });
        onAdded();
      } catch (error) {
        if (error instanceof AdminRequiredError) onAdminRequired();
        update(id, { stage: "failed", error: error instanceof Error ? error.message : "上传失败。" });
      }
    }
    running.current = false;
  }, [tokens, update, onAdded, onAdminRequired]);

  const add = useCallback(
    (files: File[]) => {
      const fresh = files.map((file) => {
        const id = `upload-${++nextId}`;
        const error = rejectionOf(file);
        if (!error) queue.current.push({ id, file });
        return uploadItem(id, file, error);
      });
      setItems((current) => [...fresh, ...current]);
      void pump();
    },
    [pump],
  );

  const clearFinished = useCallback(
    () => setItems((current) => current.filter((item) => item.stage !== "ready" && item.stage !== "failed")),
    [],
  );
  return { items, add, clearFinished };
}

/** The server's source:progress stages, each shown on the upload it belongs to. */
function useSourceProgress(setItems: Dispatch<SetStateAction<UploadItem[]>>, tokens: () => LibraryTokens): void {
  useEffect(
    () =>
      watchSourceProgress(
        (progress) => setItems((current) => withProgress(current, progress)),
        () => tokens().access,
      ),
    [setItems, tokens],
  );
}

/** A picked file's row: waiting for its turn, or failed at once when it cannot be a source (the reason shown). */
function uploadItem(id: string, file: File, error: string | undefined): UploadItem {
  return {
    id,
    name: file.name,
    stage: error ? "failed" : "waiting",
    sent: 0,
    done: 0,
    total: 0,
    ...(error ? { error } : {}),
  };
}
