// Adding files to the library: a button, or files dropped anywhere on the view
// (the drop handling is in LibraryView), and a progress bar and outcome per file.
import { useRef } from "react";
import { ACCEPT_ATTRIBUTE, STAGE_LABELS, uploadPercent, type UploadItem } from "../lib/library-model.js";

interface UploadPanelProps {
  items: UploadItem[];
  onFiles: (files: File[]) => void;
  onClear: () => void;
}

export function UploadPanel({ items, onFiles, onClear }: UploadPanelProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const finished = items.some((item) => item.stage === "ready" || item.stage === "failed");
  return (
    <section className="upload-panel" aria-label="上传资料">
      <div className="upload-drop" data-testid="upload-drop">
        <p>
          把 PDF、Word（.docx）、网页（.html）或文本（.txt、.md）拖到这里，或
          <button
            type="button"
            className="briefing-button primary"
            data-testid="upload-button"
            onClick={() => inputRef.current?.click()}
          >
            选择文件
          </button>
        </p>
        <input
          ref={inputRef}
          type="file"
          multiple
          hidden
          accept={ACCEPT_ATTRIBUTE}
          data-testid="upload-input"
          onChange={(event) => {
            onFiles([...(event.target.files ?? [])]);
            event.target.value = "";
          }}
        />
      </div>
      {items.length > 0 && (
        <ul className="upload-list" data-testid="upload-list">
          {items.map((item) => (
            <UploadRow key={item.id} item={item} />
          ))}
        </ul>
      )}
      {finished && (
        <button type="button" className="link-button" onClick={onClear}>
          清除已完成
        </button>
      )}
    </section>
  );
}

/** One file: its name and stage, then a progress bar, or what went wrong. */
function UploadRow({ item }: { item: UploadItem }) {
  return (
    <li className={`upload-item is-${item.stage}`} data-testid="upload-item" data-stage={item.stage}>
      <div className="upload-row">
        <span className="upload-name">{item.name}</span>
        <span className="upload-stage">{STAGE_LABELS[item.stage]}</span>
      </div>
      {item.stage === "failed" ? (
        <p className="upload-error" role="alert" data-testid="upload-error">
          {item.error}
        </p>
      ) : (
        <progress
          className="upload-progress"
          max={100}
          value={uploadPercent(item)}
          aria-label={`${item.name} ${STAGE_LABELS[item.stage]}`}
        />
      )}
    </li>
  );
}
